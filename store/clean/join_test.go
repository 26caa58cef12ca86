package clean

import (
	"slices"
	"strings"
	"testing"
)

// howTo is a page whose article holds a checklist between its introduction
// and its conclusion: short headings and items that the line model doubts
// one by one, as it doubts menus.
var howTo = struct{ menu, intro, list, outro, footer []string }{
	menu: []string{"Home", "Guides", "Gear", "Trips", "About", "Shop", "Search"},
	intro: []string{
		"Packing for a week in the mountains is easier than it looks, as long as you decide early what you will leave behind and keep the weight of the pack under a fifth of your own.",
		"We have walked the northern ridge route every autumn for ten years, and the list below is what we still carry after trimming everything we never used on the way.",
		"Here is what goes into the pack:",
	},
	list: checklist(),
	outro: []string{
		"If you are walking the route for the first time, test the stove and the tent at home, because the huts on the ridge are closed outside the summer months.",
	},
	footer: []string{"Privacy", "Contact", "Advertise", "Jobs", "Newsletter"},
}

// checklist is the list of howTo: a heading per section and its items.
func checklist() []string {
	sections := []struct {
		heading string
		items   []string
	}{
		{"Shelter", []string{"Tent with poles", "Groundsheet", "Six stakes", "Guy lines", "Repair sleeve"}},
		{"Sleeping", []string{"Down bag", "Inflatable pad", "Pillow", "Ear plugs", "Silk liner"}},
		{"Kitchen", []string{"Stove", "Gas canister", "Titanium pot", "Long spoon", "Lighter"}},
		{"Water", []string{"Water filter", "Two bottles", "Soft flask", "Spare tablets", "Collapsible bucket"}},
		{"Clothing", []string{"Rain shell", "Wool base layer", "Spare socks", "Warm hat", "Gloves"}},
		{"Safety", []string{"Map and compass", "Head torch", "First aid kit", "Whistle", "Emergency blanket"}},
		{"Extras", []string{"Sun cream", "Trowel", "Notebook", "Camera", "Spare batteries"}},
	}
	var out []string
	for _, s := range sections {
		out = append(out, s.heading)
		out = append(out, s.items...)
	}
	return out
}

func TestJoinKeepsListBetweenProse(t *testing.T) {
	h := howTo
	lines := slices.Concat(h.menu, h.intro, h.list, h.outro, h.footer)
	r := New().Clean(strings.Join(lines, "\n"))
	kept := map[string]bool{}
	for _, l := range r.Lines {
		kept[l.Text] = l.Kept()
	}
	for _, l := range slices.Concat(h.intro, h.list, h.outro) {
		if !kept[l] {
			t.Errorf("article line dropped: %q", l)
		}
	}
	for _, l := range slices.Concat(h.menu, h.footer) {
		if kept[l] {
			t.Errorf("menu or footer line kept: %q", l)
		}
	}
}

func TestJoinBlocks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"....", "...."},
		{"..#..", "..#.."},
		{"#..#", "####"},
		{".#.#..#.", ".######."},
		{"##.#", "####"},
	}
	for _, tt := range tests {
		in := parseMask(tt.in)
		joinBlocks(in)
		if got := mask(in); got != tt.want {
			t.Errorf("joinBlocks(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
