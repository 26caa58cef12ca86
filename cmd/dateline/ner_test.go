package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestNERInterrupted checks that dateline ner heeds an interrupt: tagging
// and scoring stop with exit status 1 and say why.
func TestNERInterrupted(t *testing.T) {
	in := filepath.Join("..", "..", "store", "entity", "testdata", "tiny.conll")
	tests := []struct {
		name string
		args []string
	}{
		{"tag", []string{"--conll", in}},
		{"score", []string{"--score", "--conll", in}},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var out, errb bytes.Buffer
		if code := runNER(ctx, tt.args, &out, &errb); code != 1 || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and an interrupt", tt.name, code, errb.String())
		}
		if out.Len() != 0 {
			t.Errorf("%s: wrote %q after the interrupt", tt.name, out.String())
		}
	}
}
