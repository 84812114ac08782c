package web

import (
	"encoding/json"
	"fmt"
	"time"
)

// sessionCodec encodes session data as JSON with the Go type of each value
// kept, so that scs's typed getters work. It replaces scs's gob codec, whose
// decoder setup cost showed in every request's profile.
type sessionCodec struct{}

type sessionData struct {
	Deadline int64             `json:"d"`
	Ints     map[string]int    `json:"i,omitempty"`
	Int64s   map[string]int64  `json:"l,omitempty"`
	Strings  map[string]string `json:"s,omitempty"`
	Bools    map[string]bool   `json:"b,omitempty"`
}

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	d := sessionData{Deadline: deadline.UnixNano()}
	for k, v := range values {
		switch v := v.(type) {
		case int:
			if d.Ints == nil {
				d.Ints = map[string]int{}
			}
			d.Ints[k] = v
		case int64:
			if d.Int64s == nil {
				d.Int64s = map[string]int64{}
			}
			d.Int64s[k] = v
		case string:
			if d.Strings == nil {
				d.Strings = map[string]string{}
			}
			d.Strings[k] = v
		case bool:
			if d.Bools == nil {
				d.Bools = map[string]bool{}
			}
			d.Bools[k] = v
		default:
			return nil, fmt.Errorf("session: cannot store %T under %q", v, k)
		}
	}
	return json.Marshal(d)
}

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	var d sessionData
	if err := json.Unmarshal(b, &d); err != nil {
		return time.Time{}, nil, fmt.Errorf("session: %w", err)
	}
	values := make(map[string]any, len(d.Ints)+len(d.Int64s)+len(d.Strings)+len(d.Bools))
	for k, v := range d.Ints {
		values[k] = v
	}
	for k, v := range d.Int64s {
		values[k] = v
	}
	for k, v := range d.Strings {
		values[k] = v
	}
	for k, v := range d.Bools {
		values[k] = v
	}
	return time.Unix(0, d.Deadline), values, nil
}
