package entity

import (
	"bytes"
	"testing"

	"dateline/store/entity/internal/tagger"
)

// TestEmbeddedModelRoundTrips reads the shipped model and writes it again:
// the bytes must be the same, or retraining with the same data and seed
// could not reproduce the committed file.
func TestEmbeddedModelRoundTrips(t *testing.T) {
	m, err := tagger.ReadModel(modelData)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), modelData) {
		t.Fatalf("written model differs from the embedded one: %d bytes against %d", b.Len(), len(modelData))
	}
}
