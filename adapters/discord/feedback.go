package discord

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// Buttons under replies: the "More" button, 👍/👎 under answers with their
// tallies, and moderators' one-step fixes. A press of a command button is
// answered like the command; a press of a feedback button goes to the
// engine, the message's buttons are updated to show the new tally, and a
// new 👎 is asked, privately, for its reason.

// Discord's limits on a message's components.
const (
	maxActionRows  = 5
	maxRowButtons  = 5
	maxButtonLabel = 80
)

// Components are the rows of buttons under a reply: More, then the
// reply's rows. Buttons whose custom id or label would not fit Discord's
// limits, and rows past the fifth, are left out (the text says the same
// in commands). It is empty, not nil, when there is none: Discord reads a
// missing list on an edit as "keep the old buttons".
func Components(r bot.Reply) []discordgo.MessageComponent {
	rows := MoreButton(r)
	for _, row := range r.Buttons {
		if len(rows) == maxActionRows {
			break
		}
		if ar, ok := actionsRow(row); ok {
			rows = append(rows, ar)
		}
	}
	return rows
}

// actionsRow turns a row of buttons into Discord's, false when none fits.
func actionsRow(row []bot.Button) (discordgo.ActionsRow, bool) {
	var buttons []discordgo.MessageComponent
	for _, b := range row {
		if len(buttons) == maxRowButtons {
			break
		}
		if b.Data == "" || discordLen(b.Data) > maxCustomID || b.Label == "" {
			continue
		}
		buttons = append(buttons, discordgo.Button{Label: truncate(b.Label, maxButtonLabel), Style: buttonStyle(b), CustomID: b.Data})
	}
	return discordgo.ActionsRow{Components: buttons}, len(buttons) > 0
}

// buttonStyle greys out the buttons that only change the message and
// colours the ones that run a command.
func buttonStyle(b bot.Button) discordgo.ButtonStyle {
	if bot.IsFeedbackData(b.Data) {
		return discordgo.SecondaryButton
	}
	return discordgo.PrimaryButton
}

// FeedbackComponents are a message's components after a feedback press:
// its rows of feedback buttons give way to the new tally; the other rows
// stay.
func FeedbackComponents(current []discordgo.MessageComponent, votes []bot.Button) []discordgo.MessageComponent {
	out := []discordgo.MessageComponent{}
	placed := false
	for _, c := range current {
		if isFeedbackRow(c) {
			if !placed {
				if ar, ok := actionsRow(votes); ok {
					out = append(out, ar)
				}
				placed = true
			}
			continue
		}
		out = append(out, c)
	}
	if !placed {
		if ar, ok := actionsRow(votes); ok {
			out = append(out, ar)
		}
	}
	return out
}

// isFeedbackRow reports whether a row holds feedback buttons.
func isFeedbackRow(c discordgo.MessageComponent) bool {
	var row []discordgo.MessageComponent
	switch r := c.(type) {
	case *discordgo.ActionsRow:
		row = r.Components
	case discordgo.ActionsRow:
		row = r.Components
	}
	for _, b := range row {
		switch b := b.(type) {
		case *discordgo.Button:
			return bot.IsFeedbackData(b.CustomID)
		case discordgo.Button:
			return bot.IsFeedbackData(b.CustomID)
		}
	}
	return false
}

// PressFromComponent turns the press of a button that carries no command
// into a press for the engine's feedback; false for other interactions.
func PressFromComponent(ic *discordgo.InteractionCreate) (bot.Press, bool) {
	if ic == nil || ic.Interaction == nil || ic.Type != discordgo.InteractionMessageComponent {
		return bot.Press{}, false
	}
	data, ok := ic.Data.(discordgo.MessageComponentInteractionData)
	user := interactionUser(ic.Interaction)
	if !ok || user.ID == "" {
		return bot.Press{}, false
	}
	return bot.Press{Platform: bot.Discord, UserID: user.ID, Data: data.CustomID}, true
}

// updateResponse updates the message a component is on: its content when
// content is not nil, and its components. Only what is given changes;
// discordgo's own type would send empty content and embeds too.
type updateResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Content    *string                      `json:"content,omitempty"`
		Components []discordgo.MessageComponent `json:"components"`
	} `json:"data"`
}

// answerFeedback records a feedback press and answers it within the
// interaction's window: the message's buttons show the new tally, and a
// new 👎 gets a private follow-up asking why. A press of a reason turns
// that follow-up into thanks; a refused press gets a private note.
func (a *Adapter) answerFeedback(ic *discordgo.InteractionCreate, received time.Time, p bot.Press) {
	log := a.logger.With("interaction", ic.ID, "feedback", p.Data)
	res, ok := a.countVote(ic, received, p, log)
	if !ok || len(res.Reasons) == 0 {
		return
	}
	reasons, _ := actionsRow(res.Reasons)
	fctx, fcancel := context.WithTimeout(a.base, followupTimeout)
	defer fcancel()
	err := call(fctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.FollowupMessageCreate(ic.Interaction, false, &discordgo.WebhookParams{
			Content:         escapeMarkdown(res.Text),
			Components:      []discordgo.MessageComponent{reasons},
			AllowedMentions: NoMentions(),
			Flags:           discordgo.MessageFlagsEphemeral,
		}, opts...)
		return err
	})
	if err != nil {
		a.logDrop(log, "asking why", err)
	}
}

// countVote has the engine count a press and answers the interaction:
// an update of the message's buttons, or a private note for a refused
// press. Presses on one message are counted and answered one at a time,
// so that its buttons end with the latest tally. It reports whether the
// message was updated.
func (a *Adapter) countVote(ic *discordgo.InteractionCreate, received time.Time, p bot.Press, log *slog.Logger) (bot.FeedbackResult, bool) {
	window, cancel := context.WithDeadline(a.base, received.Add(discordgo.InteractionDeadline))
	defer cancel()
	if ic.Message != nil {
		defer a.votes.Lock(ic.Message.ID)()
	}
	res := a.engine.Feedback(window, p)
	if res.Votes == nil {
		a.respond(window, log, ic, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
			Content: escapeMarkdown(res.Text), AllowedMentions: NoMentions(), Flags: discordgo.MessageFlagsEphemeral,
		}})
		return res, false
	}
	resp := updateResponse{Type: discordgo.InteractionResponseUpdateMessage}
	if res.Reason {
		text := escapeMarkdown(res.Text)
		resp.Data.Content = &text
		resp.Data.Components = []discordgo.MessageComponent{}
	} else {
		var current []discordgo.MessageComponent
		if ic.Message != nil {
			current = ic.Message.Components
		}
		resp.Data.Components = FeedbackComponents(current, res.Votes)
	}
	endpoint := discordgo.EndpointInteractionResponse(ic.ID, ic.Token)
	err := call(window, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.RequestWithBucketID("POST", endpoint, resp, endpoint, opts...)
		return err
	})
	if err != nil {
		a.logDrop(log, "updating the tally", err)
		return res, false
	}
	return res, true
}

// Post sends a reply, buttons included, to a channel: the moderators'
// channel gets its digest this way. It mentions nobody.
func (a *Adapter) Post(ctx context.Context, channelID string, r bot.Reply) error {
	err := call(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
			Embeds:          []*discordgo.MessageEmbed{RenderEmbed(r)},
			Components:      Components(r),
			AllowedMentions: NoMentions(),
		}, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: cannot post in channel %s: %s", channelID, redactErr(err, a.token))
	}
	return nil
}
