package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

func TestApplicationCommands(t *testing.T) {
	cmds := ApplicationCommands(testCommands)
	byName := map[string]*discordgo.ApplicationCommand{}
	var names []string
	for _, c := range cmds {
		byName[c.Name] = c
		names = append(names, c.Name)
	}
	if got, want := strings.Join(names, " "), "help ask addfact editfact approve exports 5g"; got != want {
		t.Fatalf("commands = %q, want %q", got, want)
	}

	t.Run("AskAutocompletesItsQuestion", func(t *testing.T) {
		opts := byName["ask"].Options
		if len(opts) != 1 || opts[0].Name != "question" || opts[0].Type != discordgo.ApplicationCommandOptionString || !opts[0].Required || !opts[0].Autocomplete {
			t.Errorf("ask options = %+v", opts[0])
		}
	})
	t.Run("ModeratorCommandsNeedManageMessages", func(t *testing.T) {
		for _, name := range []string{"addfact", "approve"} {
			p := byName[name].DefaultMemberPermissions
			if p == nil || *p != discordgo.PermissionManageMessages {
				t.Errorf("/%s default_member_permissions = %v, want Manage Messages", name, p)
			}
		}
		for _, name := range []string{"help", "ask", "exports"} {
			if byName[name].DefaultMemberPermissions != nil {
				t.Errorf("/%s is restricted, want it open to everyone", name)
			}
		}
	})
	t.Run("TypedOptionsRequiredFirst", func(t *testing.T) {
		var got []string
		for _, o := range byName["addfact"].Options {
			got = append(got, fmt.Sprintf("%s:%d:%v:%v", o.Name, o.Type, o.Required, o.Autocomplete))
		}
		want := "topic:3:true:true text:3:true:false source:3:true:false period:3:false:false"
		if strings.Join(got, " ") != want {
			t.Errorf("addfact options = %q, want %q", strings.Join(got, " "), want)
		}
		id := byName["approve"].Options[0]
		if id.Type != discordgo.ApplicationCommandOptionInteger || id.Autocomplete {
			t.Errorf("approve id = %+v, want an integer option", id)
		}
	})
	t.Run("ChoicesAreOffered", func(t *testing.T) {
		got := ApplicationCommands([]bot.CommandInfo{{Name: "editsource", Description: "Correct a source", Moderator: true, Params: []bot.Param{
			{Name: "field", Required: true, Choices: []string{"title", "url"}, Topic: true}}}})
		o := got[0].Options[0]
		if len(o.Choices) != 2 || o.Choices[0].Name != "title" || o.Choices[0].Value != "title" || o.Choices[1].Value != "url" {
			t.Errorf("choices = %+v, want title and url", o.Choices)
		}
		if o.Autocomplete {
			t.Error("an option with choices autocompletes; Discord refuses both at once")
		}
	})
	t.Run("OptionalParamBeforeRequired", func(t *testing.T) {
		got := ApplicationCommands([]bot.CommandInfo{{Name: "x", Description: "x", Params: []bot.Param{{Name: "a"}, {Name: "b", Required: true}}}})
		if o := got[0].Options; o[0].Name != "b" || o[1].Name != "a" {
			t.Errorf("options = %s, %s; want the required b first", o[0].Name, o[1].Name)
		}
	})
}

func TestApplicationCommandsLimits(t *testing.T) {
	in := []bot.CommandInfo{
		{Name: "help", Description: "List the commands"},
		{Name: "Bad Name", Description: "rejected by Discord"},
		{Name: "a_name_that_is_far_too_long_for_discord", Description: "rejected by Discord"},
		{Name: "help", Description: "a duplicate"},
		{Name: "nodesc"},
		{Name: "long", Description: strings.Repeat("word ", 40)},
	}
	for i := range 150 {
		in = append(in, bot.CommandInfo{Name: fmt.Sprintf("topic%03d", i), Description: "A topic", Topic: true})
	}
	// Moderator commands listed after the topics still fit.
	in = append(in, bot.CommandInfo{Name: "approve", Description: "Approve", Moderator: true})

	got := ApplicationCommands(in)
	if len(got) != MaxCommands {
		t.Fatalf("%d commands, want %d", len(got), MaxCommands)
	}
	seen := map[string]bool{}
	for _, c := range got {
		if !ValidCommandName(c.Name) || seen[c.Name] {
			t.Errorf("invalid or duplicate name %q", c.Name)
		}
		seen[c.Name] = true
		if n := discordLen(c.Description); n < 1 || n > 100 {
			t.Errorf("/%s description has %d characters", c.Name, n)
		}
	}
	for _, name := range []string{"help", "nodesc", "long", "approve", "topic000", "topic095"} {
		if !seen[name] {
			t.Errorf("/%s was dropped", name)
		}
	}
	if seen["topic096"] {
		t.Error("/topic096 registered beyond the 100-command limit")
	}
	if got[1].Description != "nodesc" {
		t.Errorf("empty description became %q, want the name", got[1].Description)
	}
	if d := got[2].Description; !strings.HasSuffix(d, "…") {
		t.Errorf("long description %q not cut with an ellipsis", d)
	}
}
