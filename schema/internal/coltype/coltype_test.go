package coltype

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"String", "string", true},
		{"Double", "real", true},
		{"Guid", "guid", true},
		{"DateTime", "datetime", true},
		{"nullable bool", "bool", true},
		{"boolean", "bool", true},
		{"BigInt", "long", true},
		{"integer", "int", true},
		{"object", "dynamic", true},
		{"array", "dynamic", true},
		{"enum", "string", true},
		{"", "dynamic", true},
		{"timespan", "timespan", true},
		{"System.String", "string", true},
		{"System.SByte", "bool", true},
		{"System.Int64", "long", true},
		{"System.Object", "dynamic", true},
		{"System.Data.SqlTypes.SqlDecimal", "decimal", true},
		{"dateTime", "datetime", true},
		{"varchar", "", false},
		{"System.Varchar", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Normalize(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
