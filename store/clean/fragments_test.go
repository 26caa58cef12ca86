package clean

import (
	"strings"
	"testing"
)

func TestFragments(t *testing.T) {
	// A shop page's menu, about 120 tokens, which an earlier step dropped.
	var menu []string
	for _, s := range []string{"Home", "New arrivals", "Women", "Men", "Kids", "Sale", "Gift cards", "Store locator", "Help centre", "Returns and refunds"} {
		menu = append(menu, s+" | Shop now | Free delivery over 50 | Sign in | Basket (0)")
	}
	prose := "The harbour authority said on Friday that the new breakwater would be finished before the winter storms, after two years of delays."
	tests := []struct {
		name     string
		kept     []string // lines left kept
		dropped  []string // lines an earlier step dropped
		stripped bool     // whether Fragments strips the kept lines
	}{
		{"a shop page cut down to its slogans", []string{"I'm shopping for...", "Only 3 left!"}, menu, true},
		{"a listing cut down to a sentence that is not a paragraph", []string{"Sort by: Best selling", "Sign up for early alerts and members-only deals."}, menu, true},
		{"a paragraph of article text stays", []string{"Harbour works end", prose}, menu, false},
		{"a news brief nothing else was taken from stays", []string{"Storm warning lifted", "The coastguard lifted the warning at noon."}, nil, false},
		{"a short page only partly stripped stays", []string{"Opening hours", "Monday to Friday, nine to five"}, menu[:1], false},
		{"fifty words of fragments are too many to call fragments", []string{strings.Repeat("Shoes Boots Sandals Trainers Slippers ", 10)}, menu, false},
		{"a page with nothing kept stays as it is", nil, menu, false},
		{"text without spaces between words is not judged by tokens", []string{strings.Repeat("港口管理局周五表示新防波堤将在冬季风暴前完工", 10)}, menu, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(append(append([]string{}, tt.dropped...), tt.kept...), "\n"))
			for i := range tt.dropped {
				d.Drop(i, CodeBoiler, "dropped by an earlier step")
			}
			Fragments{}.Apply(d)
			for i := len(tt.dropped); i < d.Len(); i++ {
				l := d.Line(i)
				if got := l.Code == CodeNoArticle; got != tt.stripped {
					t.Errorf("line %q: stripped as no article = %v, want %v", l.Text, got, tt.stripped)
				}
			}
			for i := range tt.dropped {
				if c := d.Line(i).Code; c != CodeBoiler {
					t.Errorf("line %d: code %q changed; an earlier step's reason should stand", i, c)
				}
			}
		})
	}
}
