package ui

import (
	"strings"

	"dateline/store"
	"dateline/store/entity"
	"dateline/store/query"
)

// prompt is the state of the "/" filter prompt besides the text input
// itself: the last query that parsed, the error in the text being typed,
// where the user is in the history, and the completion on offer.
type prompt struct {
	query query.Query // the query in force: the last text that parsed
	err   *query.Error

	histPos int    // index into the history being shown; len(history) when none
	draft   string // what was typed before going back in the history

	complete string // the whole input after tab; empty when nothing to complete
}

// completion returns the input with its last term completed to an entity
// name, or "" when the last term is not an entity term or no entity fits.
// "@lav" completes to `@"Sergei Lavrov"` when Lavrov is one of his names:
// every word of the names and aliases is tried, and the batch's most
// widespread entity wins. Names with spaces are quoted so that they parse.
func completion(text string, ents []store.BatchEntity) string {
	start := lastTermStart(text)
	term := text[start:]
	neg := ""
	if strings.HasPrefix(term, "-") {
		neg, term = "-", term[1:]
	}
	var head string
	var typ entity.Type
	switch {
	case strings.HasPrefix(term, "@"):
		head = "@"
	default:
		field, _, ok := strings.Cut(term, ":")
		if !ok {
			return ""
		}
		if typ, ok = query.EntityField(field); !ok {
			return ""
		}
		head = field + ":"
	}
	partial := strings.TrimPrefix(term[len(head):], `"`)
	if strings.Contains(partial, `"`) {
		return "" // already closed
	}
	want := store.Fold(strings.TrimSpace(partial))
	if want == "" {
		return ""
	}
	for _, e := range ents {
		if typ != "" && e.Type != typ {
			continue
		}
		if !namePrefixed(e.FoldedNames(), want) {
			continue
		}
		name := sanitize(e.Name)
		if strings.ContainsAny(name, " \t:") {
			name = `"` + strings.ReplaceAll(name, `"`, "") + `"`
		}
		out := text[:start] + neg + head + name
		if out == text {
			return ""
		}
		return out
	}
	return ""
}

// namePrefixed reports whether one of the names (folded), or a word of
// one, starts with want (folded).
func namePrefixed(names []string, want string) bool {
	for _, f := range names {
		if strings.HasPrefix(f, want) {
			return true
		}
		for w := range strings.FieldsSeq(f) {
			if strings.HasPrefix(w, want) {
				return true
			}
		}
	}
	return false
}

// lastTermStart returns the byte offset where the last term of text starts:
// after the last space that is not inside quotes.
func lastTermStart(text string) int {
	start, quoted := 0, false
	for i, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ' ' && !quoted:
			start = i + 1
		}
	}
	return start
}
