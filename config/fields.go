package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix starts the name of every environment variable worldbrief reads.
const EnvPrefix = "WORLDBRIEF_"

// Field describes one leaf setting of Config: its YAML key path, its
// environment variable and its help text. Fields lists them all, so the
// environment loader, the redactor and the documentation share one source.
type Field struct {
	// Key is the dotted YAML path, e.g. "fetch.per_host".
	Key string
	// Env is the environment variable, e.g. "WORLDBRIEF_FETCH_PER_HOST".
	Env string
	// Help is a one-line description from the help tag, followed by the
	// valid range of the min, above and max tags that Validate enforces;
	// Reference shows it in README.md's configuration table, so it says
	// what a user needs (meaning, valid range, what empty means) in plain
	// text: a struct tag cannot hold the backticks of Markdown code.
	Help string
	// Secret is "" for plain values, "true" for secrets and "dsn" for
	// URLs whose password is secret.
	Secret string
	value  reflect.Value
	tag    reflect.StructTag
}

// durationType is the type of the duration settings.
var durationType = reflect.TypeFor[time.Duration]()

// String renders the field's current value as it would be written in YAML
// or in the environment.
func (f Field) String() string {
	switch v := f.value.Interface().(type) {
	case time.Duration:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}

// Fields returns the leaf settings of c in declaration order. The returned
// fields refer to c, so Set changes c.
func Fields(c *Config) []Field {
	var out []Field
	collect(reflect.ValueOf(c).Elem(), "", EnvPrefix, &out)
	return out
}

func collect(v reflect.Value, keyPrefix, envPrefix string, out *[]Field) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		key := strings.Split(sf.Tag.Get("yaml"), ",")[0]
		if key == "" || key == "-" {
			continue
		}
		if sf.Type.Kind() == reflect.Struct && sf.Type != durationType {
			collect(v.Field(i), keyPrefix+key+".", envPrefix+sf.Tag.Get("envPrefix"), out)
			continue
		}
		f := Field{
			Key:    keyPrefix + key,
			Env:    envPrefix + sf.Tag.Get("env"),
			Help:   sf.Tag.Get("help"),
			Secret: sf.Tag.Get("secret"),
			value:  v.Field(i),
			tag:    sf.Tag,
		}
		if limits := f.limitsText(); limits != "" {
			if strings.HasSuffix(f.Help, ")") { // "… (Telegram allows 30; 1–50)"
				f.Help = strings.TrimSuffix(f.Help, ")") + "; " + limits + ")"
			} else {
				f.Help += " (" + limits + ")"
			}
		}
		*out = append(*out, f)
	}
}

// Set parses s into the field according to its type. The error says what
// was expected, with an example.
func (f Field) Set(s string) error {
	s = strings.TrimSpace(s)
	switch f.value.Interface().(type) {
	case string:
		f.value.SetString(s)
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration (examples: 30s, 15m, 2h)", s)
		}
		f.value.SetInt(int64(d))
	case int, int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		f.value.SetInt(n)
	case float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		f.value.SetFloat(x)
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		f.value.SetBool(b)
	default:
		return fmt.Errorf("unsupported setting type %s", f.value.Type())
	}
	return nil
}
