package generator

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestDirectorySchema holds mentors.schema.json to publicMentor: every field is described,
// nothing else is, and the fields that are always written are the required ones.
func TestDirectorySchema(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Required   []string                   `json:"required"`
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal([]byte(mentorsSchema), &schema); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	def := schema.Defs["mentor"]
	var fields, required []string
	typ := reflect.TypeOf(publicMentor{})
	for i := range typ.NumField() {
		name, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		fields = append(fields, name)
		if opts != "omitempty" {
			required = append(required, name)
		}
		if _, ok := def.Properties[name]; !ok {
			t.Errorf("field %q is not in the schema", name)
		}
	}
	for name := range def.Properties {
		if !slices.Contains(fields, name) {
			t.Errorf("the schema describes %q, which mentors.json never writes", name)
		}
	}
	slices.Sort(required)
	got := slices.Sorted(slices.Values(def.Required))
	if !slices.Equal(got, required) {
		t.Errorf("required = %v, want %v", got, required)
	}
}
