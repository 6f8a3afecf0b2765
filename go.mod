module github.com/pakbot/pakbot

go 1.26.8

require (
	github.com/go-telegram/bot v1.19.0
	github.com/kljensen/snowball v0.10.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/sahilm/fuzzy v0.1.3
	golang.org/x/text v0.43.0
	gopkg.in/yaml.v3 v3.0.1
)
