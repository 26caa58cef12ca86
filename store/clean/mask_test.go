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

// parseMask is the reverse of mask.
func parseMask(s string) []bool {
	in := make([]bool, len(s))
	for i, c := range s {
		in[i] = c == '#'
	}
	return in
}
