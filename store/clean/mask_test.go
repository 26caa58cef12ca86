package clean

import "strings"

// mask renders a line mask one character a line: # for a line in (kept, in
// a block), . for one out. Tests compare masks as strings, so that a
// failure shows the whole page at a glance.
func mask(in []bool) string {
	var b strings.Builder
	for _, v := range in {
		if v {
			b.WriteByte('#')
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// keptMask is the mask of the lines of d that are kept.
func keptMask(d *Doc) string {
	kept := make([]bool, d.Len())
	for i := range kept {
		kept[i] = d.Kept(i)
	}
	return mask(kept)
}

// parseMask is the reverse of mask.
func parseMask(s string) []bool {
	in := make([]bool, len(s))
	for i, c := range s {
		in[i] = c == '#'
	}
	return in
}
