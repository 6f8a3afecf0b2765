package discord

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// Notify tells a user something outside the conversation they are in (the
// outcome of their suggestion): a message in the channel where they made it
// that mentions them, and only them.
func (a *Adapter) Notify(ctx context.Context, n bot.Notice) error {
	if n.ChatID == "" || n.UserID == "" {
		return errors.New("discord: notice without a channel or user")
	}
	msg := NoticeMessage(n)
	err := call(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ChannelMessageSendComplex(n.ChatID, msg, opts...)
		return err
	})
	if err != nil {
		return errors.New("discord: cannot deliver notice: " + redactErr(err, a.token))
	}
	return nil
}

// maxContent is the longest message content Discord accepts.
const maxContent = 2000

// NoticeMessage is the message delivering n: it mentions the user it is
// for, and the allowed mentions let it ping that user and nobody else. A
// text too long for one message (a moderator's long reason) is cut to fit,
// since Discord would refuse the whole message.
func NoticeMessage(n bot.Notice) *discordgo.MessageSend {
	mention := "<@" + n.UserID + "> "
	text := escapeMarkdown(n.Text)
	if room := maxContent - discordLen(mention); discordLen(text) > room {
		// A backslash left before the ellipsis would escape it instead.
		text = strings.TrimRight(strings.TrimSuffix(truncate(text, room), "…"), "\\") + "…"
	}
	return &discordgo.MessageSend{
		Content: mention + text,
		AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{},
			Users: []string{n.UserID},
		},
	}
}
