package entity

import (
	"strings"
	"testing"
)

// TestNameKey checks that mentions that differ in case, full stops and a
// leading "the" share a key, and that other words keep theirs.
func TestNameKey(t *testing.T) {
	tests := []struct {
		norms []string
		want  string
	}{
		{[]string{"U.S."}, "us"},
		{[]string{"The", "United", "States"}, "united states"},
		{[]string{"THE", "HAGUE"}, "hague"},
		{[]string{"The"}, "the"},
		{[]string{"t.he", "Hague"}, "the hague"},
		{[]string{"Théâtre", "Royal"}, "théâtre royal"},
		{[]string{"The", "Élysée"}, "élysée"},
		{nil, ""},
		{[]string{strings.Repeat("Long", 20), "Name"}, strings.Repeat("long", 20) + " name"},
	}
	for _, tt := range tests {
		if got := nameKey(tt.norms); got != tt.want {
			t.Errorf("nameKey(%q) = %q, want %q", tt.norms, got, tt.want)
		}
	}
}
