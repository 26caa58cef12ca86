package ui

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// panicky is the reader with a bug planted: the key "!" panics in Update,
// in a command's goroutine, or in View.
type panicky struct {
	m     Model
	where string
	armed bool
}

func (p panicky) Init() tea.Cmd { return p.m.Init() }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "!" {
		switch p.where {
		case "update":
			panic("planted bug in Update")
		case "cmd":
			return p, func() tea.Msg { panic("planted bug in a command") }
		case "view":
			p.armed = true
			return p, nil
		}
	}
	m, cmd := p.m.Update(msg)
	p.m = m.(Model)
	return p, cmd
}

func (p panicky) View() tea.View {
	if p.armed {
		panic("planted bug in View")
	}
	return p.m.View()
}

// syncBuffer is a bytes.Buffer safe for the program's writer goroutine and
// the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPanicRestoresTerminal checks what the reader relies on Bubble Tea v2
// for: a panic in Update, in View or in a command's goroutine ends the
// program with tea.ErrProgramPanic, and the terminal is restored (the
// alternate screen left, the cursor shown) rather than left in raw mode.
// cmd/dateline turns that error into a message for the user. The panic
// report Bubble Tea prints goes to os.Stderr, which the test captures and
// checks for each kind of panic.
func TestPanicRestoresTerminal(t *testing.T) {
	stderr, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = stderr
	defer func() { os.Stderr = saved }()

	for _, tc := range []struct{ where, report string }{
		{"update", "planted bug in Update"},
		{"cmd", "planted bug in a command"},
		{"view", "planted bug in View"},
	} {
		t.Run(tc.where, func(t *testing.T) {
			// Only what this subtest's program writes to stderr counts
			// as its report.
			before, err := stderr.Seek(0, io.SeekEnd)
			if err != nil {
				t.Fatal(err)
			}
			out := &syncBuffer{}
			in, inw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer inw.Close()
			defer in.Close()
			m := panicky{m: New(Config{Updates: feed(sampleArticles(t))}), where: tc.where}
			p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(100, 30), tea.WithoutSignalHandler())
			done := make(chan error, 1)
			go func() { _, err := p.Run(); done <- err }()
			// The key must arrive after the first frame has entered the
			// alternate screen, or there is nothing for the panic to
			// restore. The deadline only bounds a hang.
			if !poll(10*time.Second, func() bool { return strings.Contains(out.String(), "\x1b[?1049h") }) {
				p.Kill()
				t.Fatal("the program did not enter the alternate screen")
			}
			p.Send(tea.KeyPressMsg{Code: '!', Text: "!"})
			select {
			case err := <-done:
				if !errors.Is(err, tea.ErrProgramPanic) {
					t.Errorf("Run returned %v, want tea.ErrProgramPanic", err)
				}
			case <-time.After(10 * time.Second):
				p.Kill()
				t.Fatal("the program did not stop after a panic")
			}
			screen := out.String()
			enter := strings.LastIndex(screen, "\x1b[?1049h")
			leave := strings.LastIndex(screen, "\x1b[?1049l")
			if enter < 0 || leave < enter {
				t.Errorf("the alternate screen was not left after the panic (entered at %d, left at %d)", enter, leave)
			}
			if show := strings.LastIndex(screen, "\x1b[?25h"); show < enter {
				t.Errorf("the cursor was not shown again after the panic")
			}
			// A panic in a command's goroutine is reported by that
			// goroutine, which may still be writing when Run returns.
			var report string
			if !poll(10*time.Second, func() bool {
				all, err := os.ReadFile(stderr.Name())
				if err != nil {
					t.Fatal(err)
				}
				report = string(all[before:])
				return strings.Contains(report, tc.report)
			}) {
				t.Errorf("no panic report %q on stderr:\n%s", tc.report, report)
			}
		})
	}
}

// poll calls cond every few milliseconds until it returns true, and reports
// whether it did so within d.
func poll(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
