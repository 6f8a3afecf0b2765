package discord

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseShard reads a shard as --discord-shard takes it: "ID/COUNT", such
// as 0/2 and 1/2 for the two processes of a bot split in two. The id runs
// from 0 to COUNT-1. An empty string is no sharding (0, 1).
func ParseShard(s string) (id, count int, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	id, errID := strconv.Atoi(strings.TrimSpace(a))
	count, errCount := strconv.Atoi(strings.TrimSpace(b))
	switch {
	case !ok || errID != nil || errCount != nil:
		return 0, 0, fmt.Errorf("Discord shard %q: write ID/COUNT, such as 0/2", s)
	case count < 1 || count > 1<<16:
		return 0, 0, fmt.Errorf("Discord shard %q: the count must be at least 1", s)
	case id < 0 || id >= count:
		return 0, 0, fmt.Errorf("Discord shard %q: the id must be from 0 to %d", s, count-1)
	}
	return id, count, nil
}
