package discord

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/sahilm/fuzzy"

	"github.com/pakbot/pakbot/bot"
)

// answerCommand answers a slash command. The engine gets the answer budget
// to reply at once; if it needs longer the interaction is acknowledged with
// a deferred response and the original response is edited when the reply
// is ready.
func (a *Adapter) answerCommand(ic *discordgo.InteractionCreate, received time.Time) {
	cmds := a.commands()
	req, ok := RequestFromInteraction(ic, cmds, a.moderatorRoles)
	if !ok {
		return
	}
	name := ic.ApplicationCommandData().Name
	cmd, _ := findCommand(cmds, name)
	a.answerInteraction(ic, received, req, cmd, a.logger.With("interaction", ic.ID, "command", name))
}

// answerButton answers the press of one of the bot's buttons: a command
// button (a topic list's "More", a moderator's fix) like the command it
// stands for, in a new message; any other (👍, 👎, or a custom id no
// button of ours carries) through the engine's feedback.
func (a *Adapter) answerButton(ic *discordgo.InteractionCreate, received time.Time) {
	req, ok := RequestFromComponent(ic, a.moderatorRoles)
	if !ok {
		if p, ok := PressFromComponent(ic); ok {
			a.answerFeedback(ic, received, p)
		}
		return
	}
	a.answerInteraction(ic, received, req, bot.CommandInfo{}, a.logger.With("interaction", ic.ID, "button", req.Text))
}

// answerInteraction answers req, which came from ic, run as cmd.
func (a *Adapter) answerInteraction(ic *discordgo.InteractionCreate, received time.Time, req bot.Request, cmd bot.CommandInfo, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(a.base, a.engineTimeout)
	defer cancel()
	replies := make(chan bot.Reply, 1)
	go func() { replies <- a.engine.Handle(ctx, req) }()

	window, cancelWindow := context.WithDeadline(a.base, received.Add(discordgo.InteractionDeadline))
	defer cancelWindow()
	budget := time.NewTimer(time.Until(received.Add(a.answerBudget)))
	defer budget.Stop()
	select {
	case reply := <-replies:
		a.respond(window, log, ic, withCharts(MessageResponse(reply, isPrivate(reply, cmd)), reply, a.drawCharts(log, reply)))
		return
	case <-budget.C:
	}

	deferPrivate := cmd.Moderator
	deferred := a.respond(window, log, ic, DeferredResponse(deferPrivate))
	reply := <-replies
	if !deferred {
		return
	}
	fctx, fcancel := context.WithTimeout(a.base, followupTimeout)
	defer fcancel()
	im := a.drawCharts(log, reply)
	embeds := ChartEmbeds([]*discordgo.MessageEmbed{RenderEmbed(reply)}, reply, len(im))
	files := im.files()
	if isPrivate(reply, cmd) && !deferPrivate {
		// A public "thinking…" placeholder cannot turn ephemeral: remove it
		// and answer in an ephemeral follow-up instead.
		err := call(fctx, func(opts ...discordgo.RequestOption) error {
			return a.session.InteractionResponseDelete(ic.Interaction, opts...)
		})
		if err != nil {
			a.logDrop(log, "deleting the deferred response", err)
		}
		err = call(fctx, func(opts ...discordgo.RequestOption) error {
			rewind(files)
			_, err := a.session.FollowupMessageCreate(ic.Interaction, false, &discordgo.WebhookParams{
				Embeds:          embeds,
				Files:           files,
				Components:      Components(reply),
				AllowedMentions: NoMentions(),
				Flags:           discordgo.MessageFlagsEphemeral,
			}, opts...)
			return err
		})
		if err != nil {
			a.logDrop(log, "sending the private follow-up", err)
		}
		return
	}
	err := call(fctx, func(opts ...discordgo.RequestOption) error {
		rewind(files)
		components := Components(reply)
		_, err := a.session.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{
			Embeds:          &embeds,
			Files:           files,
			Components:      &components,
			AllowedMentions: NoMentions(),
		}, opts...)
		return err
	})
	if err != nil {
		a.logDrop(log, "editing the deferred response", err)
	}
}

// respond sends an interaction's initial response before ctx's deadline
// (the end of Discord's window) and reports whether it was delivered.
func (a *Adapter) respond(ctx context.Context, log *slog.Logger, ic *discordgo.InteractionCreate, resp *discordgo.InteractionResponse) bool {
	err := call(ctx, func(opts ...discordgo.RequestOption) error {
		if resp.Data != nil {
			rewind(resp.Data.Files)
		}
		return a.session.InteractionRespond(ic.Interaction, resp, opts...)
	})
	if err != nil {
		a.logDrop(log, "responding", err)
		return false
	}
	return true
}

// logDrop logs an answer that never reached Discord, without tokens.
func (a *Adapter) logDrop(log *slog.Logger, doing string, err error) {
	reason := "error"
	switch {
	case errors.Is(err, errRateLimited):
		reason = "rate limited"
	case errors.Is(err, context.DeadlineExceeded):
		reason = "too late"
	}
	log.Warn("discord: answer dropped", "while", doing, "reason", reason, "err", redactErr(err, a.token))
}

// isPrivate reports whether a reply is for the asker's eyes only: when the
// engine asks for it, for errors and refusals, and for every moderator
// command.
func isPrivate(r bot.Reply, cmd bot.CommandInfo) bool {
	return r.Private || cmd.Moderator || r.Kind == bot.KindError || r.Kind == bot.KindRefused
}

// MessageResponse is the interaction response carrying reply as an embed,
// with its buttons (see Components), ephemeral when private, with no
// mention allowed.
func MessageResponse(reply bot.Reply, private bool) *discordgo.InteractionResponse {
	data := &discordgo.InteractionResponseData{
		Embeds:          []*discordgo.MessageEmbed{RenderEmbed(reply)},
		Components:      Components(reply),
		AllowedMentions: NoMentions(),
	}
	if private {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// maxCustomID is the longest custom_id Discord accepts on a component.
const maxCustomID = 100

// MoreButton is the row with one "More" button under a reply that has
// more to show (a topic list's next page); pressing it sends the reply's
// More command back as the button's custom_id. It is empty when there is
// nothing more, or when the command does not fit in a custom_id.
func MoreButton(reply bot.Reply) []discordgo.MessageComponent {
	if reply.More == "" || len(reply.More) > maxCustomID {
		return []discordgo.MessageComponent{}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "More", Style: discordgo.SecondaryButton, CustomID: reply.More},
	}}}
}

// DeferredResponse acknowledges an interaction whose answer follows by
// editing the original response; Discord shows "thinking…" meanwhile.
func DeferredResponse(private bool) *discordgo.InteractionResponse {
	data := &discordgo.InteractionResponseData{AllowedMentions: NoMentions()}
	if private {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data}
}

// autocompleteResponse is an autocomplete result. discordgo's own type
// drops an empty choice list (omitempty), which Discord rejects.
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

// answerAutocomplete suggests values for the option being typed: topic
// names for a topic parameter, known topics and phrases for a question.
func (a *Adapter) answerAutocomplete(ic *discordgo.InteractionCreate, received time.Time) {
	focus, ok := FocusFromInteraction(ic)
	if !ok {
		return
	}
	log := a.logger.With("interaction", ic.ID, "command", focus.Command, "option", focus.Option)
	ctx, cancel := context.WithDeadline(a.base, received.Add(a.answerBudget))
	defer cancel()
	resp := autocompleteResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	resp.Data.Choices = a.choices(ctx, log, focus)

	window, cancelWindow := context.WithDeadline(a.base, received.Add(discordgo.InteractionDeadline))
	defer cancelWindow()
	endpoint := discordgo.EndpointInteractionResponse(ic.ID, ic.Token)
	err := call(window, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.RequestWithBucketID("POST", endpoint, resp, endpoint, opts...)
		return err
	})
	if err != nil {
		a.logDrop(log, "sending autocomplete choices", err)
	}
}

func (a *Adapter) choices(ctx context.Context, log *slog.Logger, f Focus) []*discordgo.ApplicationCommandOptionChoice {
	cmds := a.commands()
	cmd, ok := findCommand(cmds, f.Command)
	if !ok {
		return []*discordgo.ApplicationCommandOptionChoice{}
	}
	for _, p := range cmd.Params {
		switch {
		case p.Name != f.Option:
		case p.Topic:
			return TopicChoices(f.Partial, cmds)
		case completesQuestion(cmd, p):
			suggestions, err := a.engine.Complete(ctx, f.Partial, MaxChoices)
			if err != nil {
				log.Warn("discord: autocomplete failed", "err", err)
			}
			return QuestionChoices(suggestions)
		}
	}
	return []*discordgo.ApplicationCommandOptionChoice{}
}

// QuestionChoices turns the engine's suggestions, best first, into at most
// 25 autocomplete choices whose value is the suggestion itself.
func QuestionChoices(suggestions []string) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	for _, s := range suggestions {
		s = truncate(bot.CleanText(s), maxChoiceLength)
		if s == "" || seen[s] || len(out) == MaxChoices {
			continue
		}
		seen[s] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
	}
	return out
}

// TopicChoices ranks the topic commands in cmds against partial with
// sahilm/fuzzy, best first, at most 25; an empty partial lists them in
// order. A choice shows the topic's name and description and its value is
// the name.
func TopicChoices(partial string, cmds []bot.CommandInfo) []*discordgo.ApplicationCommandOptionChoice {
	var topics []bot.CommandInfo
	var names []string
	for _, c := range cmds {
		if c.Topic {
			topics = append(topics, c)
			names = append(names, c.Name)
		}
	}
	var order []int
	if partial = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(partial), "/"))); partial == "" {
		for i := range topics {
			order = append(order, i)
		}
	} else {
		for _, m := range fuzzy.Find(partial, names) {
			order = append(order, m.Index)
		}
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, i := range order[:min(len(order), MaxChoices)] {
		label := topics[i].Name
		if d := strings.TrimSpace(topics[i].Description); d != "" {
			label += " — " + d
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(label, maxChoiceLength), Value: topics[i].Name})
	}
	return out
}

// answerMention answers a message that mentions the bot with a reply to
// it. Channel messages cannot be ephemeral, so private replies are sent the
// same way.
func (a *Adapter) answerMention(m *discordgo.MessageCreate, req bot.Request) {
	log := a.logger.With("message", m.ID, "channel", m.ChannelID)
	ctx, cancel := context.WithTimeout(a.base, mentionTimeout)
	defer cancel()
	reply := a.engine.Handle(ctx, req)
	msg := MentionReply(reply, m.Message)
	im := a.drawCharts(log, reply)
	msg.Embeds = ChartEmbeds(msg.Embeds, reply, len(im))
	msg.Files = im.files()
	err := call(ctx, func(opts ...discordgo.RequestOption) error {
		rewind(msg.Files)
		_, err := a.session.ChannelMessageSendComplex(m.ChannelID, msg, opts...)
		return err
	})
	if err != nil {
		a.logDrop(log, "replying to a mention", err)
	}
}

// MentionReply is the message answering m with reply: a reply to m (that
// still goes out if m was deleted) that pings no one, not even m's author.
func MentionReply(reply bot.Reply, m *discordgo.Message) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Embeds:          []*discordgo.MessageEmbed{RenderEmbed(reply)},
		Components:      Components(reply),
		AllowedMentions: NoMentions(),
		Reference:       m.SoftReference(),
	}
}
