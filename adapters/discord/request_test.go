package discord

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// testCommands is a command list like the engine's, with the moderation
// commands the moderation issue will add.
var testCommands = []bot.CommandInfo{
	{Name: "help", Description: "List the commands"},
	{Name: "ask", Description: "Ask a question", Params: []bot.Param{{Name: "question", Description: "Your question", Required: true}}},
	{Name: "addfact", Description: "Add a fact", Moderator: true, Params: []bot.Param{
		{Name: "topic", Description: "Topic", Required: true, Topic: true},
		{Name: "text", Description: "The fact", Required: true},
		{Name: "source", Description: "Source URL", Required: true},
		{Name: "period", Description: "Period, e.g. FY2023-24"},
	}},
	{Name: "editfact", Description: "Change a fact", Moderator: true, Params: []bot.Param{
		{Name: "key", Description: "Key", Required: true},
		{Name: "text", Description: "New text", Named: true},
		{Name: "period", Description: "New period", Named: true},
		{Name: "source", Description: "New source", Named: true},
		{Name: "topic", Description: "New topic", Named: true, Topic: true},
		{Name: "series", Description: "Series", Named: true},
	}},
	{Name: "approve", Description: "Approve a fact", Moderator: true, Params: []bot.Param{{Name: "id", Description: "Fact id", Required: true, Integer: true}}},
	{Name: "exports", Description: "IT and IT-enabled services exports", Topic: true},
	{Name: "5g", Description: "5G spectrum and rollout", Topic: true},
}

// MustInteraction decodes an INTERACTION_CREATE payload the way the
// gateway does.
func MustInteraction(tb testing.TB, payload string) *discordgo.InteractionCreate {
	tb.Helper()
	var i discordgo.Interaction
	if err := json.Unmarshal([]byte(payload), &i); err != nil {
		tb.Fatalf("decoding interaction: %v", err)
	}
	return &discordgo.InteractionCreate{Interaction: &i}
}

func TestRequestFromInteraction(t *testing.T) {
	const member = `"member":{"user":{"id":"42","username":"ayesha","global_name":"Ayesha"},"nick":"","roles":["7"],"permissions":"0"}`
	// 1140000000000000000 is a snowflake from August 2023.
	at, _ := discordgo.SnowflakeTimestamp("1140000000000000000")
	tests := []struct {
		name    string
		payload string
		roles   []string
		want    bot.Request
		wantOK  bool
	}{
		{
			name:    "AskWithQuestion",
			payload: `{"id":"1140000000000000000","type":2,"channel_id":"9","token":"t",` + member + `,"data":{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":"What were IT exports in FY 2023-24?"}]}}`,
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ayesha", Text: "/ask What were IT exports in FY 2023-24?", At: at},
			wantOK:  true,
		},
		{
			name:    "TopicCommand",
			payload: `{"id":"1140000000000000000","type":2,"channel_id":"9",` + member + `,"data":{"name":"exports","type":1}}`,
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ayesha", Text: "/exports", At: at},
			wantOK:  true,
		},
		{
			name:    "OptionsInParamOrder",
			payload: `{"id":"1140000000000000000","type":2,"channel_id":"9",` + member + `,"data":{"name":"addfact","type":1,"options":[{"name":"source","type":3,"value":"https://pseb.org.pk"},{"name":"text","type":3,"value":"Exports rose | a lot"},{"name":"topic","type":3,"value":"exports"}]}}`,
			roles:   []string{"7"},
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ayesha", Text: "/addfact exports | Exports rose / a lot | https://pseb.org.pk", Moderator: true, At: at},
			wantOK:  true,
		},
		{
			name:    "NamedOptionsCarryTheirNames",
			payload: `{"id":"1140000000000000000","type":2,"channel_id":"9",` + member + `,"data":{"name":"editfact","type":1,"options":[{"name":"series","type":3,"value":"it-exports-annual"},{"name":"key","type":3,"value":"it-exports-fy2024-25"},{"name":"period","type":3,"value":"FY 2024-25"}]}}`,
			roles:   []string{"7"},
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ayesha", Text: "/editfact it-exports-fy2024-25 |  | period: FY 2024-25 |  |  | series: it-exports-annual", Moderator: true, At: at},
			wantOK:  true,
		},
		{
			name:    "PipeInsideAValue",
			payload: `{"id":"1140000000000000000","type":2,"channel_id":"9",` + member + `,"data":{"name":"suggest","type":1,"options":[{"name":"text","type":3,"value":"Pakistan's A|B testing market grew."},{"name":"source","type":3,"value":"https://example.com/a|b"}]}}`,
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ayesha", Text: "/suggest Pakistan's A/B testing market grew. | https://example.com/a/b", At: at},
			wantOK:  true,
		},
		{
			name:    "IntegerOption",
			payload: `{"id":"1140000000000000000","type":2,"channel_id":"9","member":{"user":{"id":"42","username":"ayesha"},"permissions":"8192"},"data":{"name":"approve","type":1,"options":[{"name":"id","type":4,"value":1234567}]}}`,
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "ayesha", Text: "/approve 1234567", Moderator: true, At: at},
			wantOK:  true,
		},
		{
			name:    "UnknownCommandKeepsDiscordOrder",
			payload: `{"id":"x","type":2,"channel_id":"9",` + member + `,"data":{"name":"satellites","type":1,"options":[{"name":"b","type":3,"value":"2"},{"name":"a","type":3,"value":"1"}]}}`,
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ayesha", Text: "/satellites 2 | 1"},
			wantOK:  true,
		},
		{
			name:    "DirectMessageIsNoModerator",
			payload: `{"id":"x","type":2,"channel_id":"9","user":{"id":"42","username":"ayesha"},"data":{"name":"help","type":1}}`,
			roles:   []string{"7"},
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "ayesha", Text: "/help"},
			wantOK:  true,
		},
		{
			name:    "NicknameFirst",
			payload: `{"id":"x","type":2,"channel_id":"9","member":{"user":{"id":"42","username":"ayesha","global_name":"Ayesha"},"nick":"Ash","permissions":"0"},"data":{"name":"help","type":1}}`,
			want:    bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "Ash", Text: "/help"},
			wantOK:  true,
		},
		{
			name:    "AutocompleteIsNoRequest",
			payload: `{"id":"x","type":4,"channel_id":"9",` + member + `,"data":{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":"exp","focused":true}]}}`,
		},
		{
			name:    "UserContextMenuIsNoRequest",
			payload: `{"id":"x","type":2,"channel_id":"9",` + member + `,"data":{"name":"Inspect","type":2,"target_id":"5"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RequestFromInteraction(MustInteraction(t, tt.payload), testCommands, tt.roles)
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("request:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRequestFromMention(t *testing.T) {
	stamp := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	msg := func(author *discordgo.User, content string, mentions ...string) *discordgo.MessageCreate {
		m := &discordgo.Message{ID: "m1", ChannelID: "c1", GuildID: "g1", Author: author, Content: content, Timestamp: stamp,
			Member: &discordgo.Member{Roles: []string{"7"}}}
		for _, id := range mentions {
			m.Mentions = append(m.Mentions, &discordgo.User{ID: id})
		}
		return &discordgo.MessageCreate{Message: m}
	}
	ayesha := &discordgo.User{ID: "42", Username: "ayesha"}
	tests := []struct {
		name   string
		msg    *discordgo.MessageCreate
		roles  []string
		want   bot.Request
		wantOK bool
	}{
		{"Mention", msg(ayesha, "<@100> how many  tech parks?", "100"), nil,
			bot.Request{Platform: bot.Discord, ChatID: "c1", UserID: "42", UserName: "ayesha", Text: "how many tech parks?", At: stamp}, true},
		{"NicknameMention", msg(ayesha, "hey <@!100>, 5G?", "100"), []string{"7"},
			bot.Request{Platform: bot.Discord, ChatID: "c1", UserID: "42", UserName: "ayesha", Text: "hey , 5G?", Moderator: true, At: stamp}, true},
		{"ReplyToTheBot", msg(ayesha, "and in 2022?", "100"), nil,
			bot.Request{Platform: bot.Discord, ChatID: "c1", UserID: "42", UserName: "ayesha", Text: "and in 2022?", At: stamp}, true},
		{"NotMentioned", msg(ayesha, "<@200> hi", "200"), nil, bot.Request{}, false},
		{"OtherBot", msg(&discordgo.User{ID: "300", Bot: true}, "<@100> hi", "100"), nil, bot.Request{}, false},
		{"Itself", msg(&discordgo.User{ID: "100"}, "<@100> hi", "100"), nil, bot.Request{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RequestFromMention(tt.msg, "100", tt.roles)
			if ok != tt.wantOK || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("RequestFromMention = %+v, %v; want %+v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestIsModerator(t *testing.T) {
	tests := []struct {
		name   string
		member *discordgo.Member
		roles  []string
		want   bool
	}{
		{"ManageMessages", &discordgo.Member{Permissions: discordgo.PermissionManageMessages | discordgo.PermissionSendMessages}, nil, true},
		{"Administrator", &discordgo.Member{Permissions: discordgo.PermissionAdministrator}, nil, true},
		{"ModeratorRole", &discordgo.Member{Roles: []string{"1", "7"}}, []string{"7"}, true},
		{"OtherRole", &discordgo.Member{Roles: []string{"1"}, Permissions: discordgo.PermissionSendMessages}, []string{"7"}, false},
		{"NoMember", nil, []string{"7"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsModerator(tt.member, tt.roles); got != tt.want {
				t.Errorf("IsModerator = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFocusFromInteraction(t *testing.T) {
	ic := MustInteraction(t, `{"id":"x","type":4,"data":{"name":"addfact","type":1,"options":[{"name":"text","type":3,"value":"abc"},{"name":"topic","type":3,"value":"exp","focused":true}]}}`)
	got, ok := FocusFromInteraction(ic)
	if want := (Focus{Command: "addfact", Option: "topic", Partial: "exp"}); !ok || got != want {
		t.Errorf("FocusFromInteraction = %+v, %v; want %+v", got, ok, want)
	}
	if _, ok := FocusFromInteraction(MustInteraction(t, `{"id":"x","type":2,"data":{"name":"ask","type":1}}`)); ok {
		t.Error("a command interaction has no focus")
	}
}

func TestParseRoleIDs(t *testing.T) {
	got, err := ParseRoleIDs(" 123, ,456 ")
	if err != nil || !reflect.DeepEqual(got, []string{"123", "456"}) {
		t.Errorf("ParseRoleIDs = %v, %v", got, err)
	}
	if _, err := ParseRoleIDs("123,mods"); err == nil {
		t.Error("ParseRoleIDs accepted a role name")
	}
}

func TestRequestFromComponent(t *testing.T) {
	const member = `"member":{"user":{"id":"42","username":"ayesha"},"roles":["7"],"permissions":"0"}`
	for _, tt := range []struct {
		name, payload string
		want          bot.Request
		ok            bool
	}{
		{"MoreButton", `{"id":"x","type":3,"channel_id":"9",` + member + `,"data":{"custom_id":"/5g 2","component_type":2}}`,
			bot.Request{Platform: bot.Discord, ChatID: "9", UserID: "42", UserName: "ayesha", Text: "/5g 2", Moderator: true}, true},
		{"NoCommand", `{"id":"x","type":3,"channel_id":"9",` + member + `,"data":{"custom_id":"vote-yes","component_type":2}}`, bot.Request{}, false},
		{"SelectMenu", `{"id":"x","type":3,"channel_id":"9",` + member + `,"data":{"custom_id":"/5g 2","component_type":3,"values":["a"]}}`, bot.Request{}, false},
		{"SlashCommand", `{"id":"x","type":2,"channel_id":"9",` + member + `,"data":{"name":"5g","type":1}}`, bot.Request{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RequestFromComponent(MustInteraction(t, tt.payload), []string{"7"})
			if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
