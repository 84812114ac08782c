package web

import (
	"reflect"
	"testing"
	"time"
)

func TestSessionCodec(t *testing.T) {
	deadline := time.Date(2025, 12, 31, 23, 59, 0, 123, time.UTC)
	in := map[string]any{"user_id": int64(42), "epoch": 3, "flash": "Đã lưu “Phòng A”.", "ok": true}
	b, err := sessionCodec{}.Encode(deadline, in)
	if err != nil {
		t.Fatal(err)
	}
	gotDeadline, out, err := sessionCodec{}.Decode(b)
	if err != nil || !gotDeadline.Equal(deadline) || !reflect.DeepEqual(out, in) {
		t.Errorf("round trip = %v, %#v, %v; want %v, %#v", gotDeadline, out, err, deadline, in)
	}
	if _, err := (sessionCodec{}).Encode(deadline, map[string]any{"x": 1.5}); err == nil {
		t.Error("Encode(float64) succeeded; want an error")
	}
	if _, _, err := (sessionCodec{}).Decode([]byte("\x00gob")); err == nil {
		t.Error("Decode(garbage) succeeded; want an error")
	}
}
