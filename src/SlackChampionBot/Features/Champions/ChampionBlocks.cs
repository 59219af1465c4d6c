using System.Globalization;
using System.Text;
using Humanizer;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Champions;

/// <summary>Everything the Champions feature says in Slack. Reasons arrive in Slack markup and are quoted with <see cref="QuotedText"/>.</summary>
internal static class ChampionBlocks
{
    public const string NomineeBlockId = "nominee";
    public const string NomineeActionId = "nominee";
    public const string ReasonBlockId = "reason";
    public const string ReasonActionId = "reason";

    private const int MaxReasonShown = 2500;
    private const int MaxReasonLines = 40;
    private const int MaxListed = 40;

    public static string Usage =>
        "*/champion* — Customer Champions\n" +
        "• `/champion @person reason…` — nominate a Customer Champion for this month (managers; or `/champion` alone for a form)\n" +
        "• `/champion list [month]` — this month's champions (or e.g. `2026-11`, `november`, `last`)\n" +
        "• `/champion history [@person]` — every title someone has held\n" +
        "• `/champion undo [@person]` — withdraw your latest nomination within 24 hours; its bonus stars are reversed (managers)\n" +
        "• `/champion revoke @person Title name` — take a title away; bonus stars stay (managers: their own nominations; admins: any title)";

    public static string Refusal(NominationRefused refused) => refused.Why switch
    {
        NominationRefusal.NoManagersConfigured => "Nobody can nominate a Customer Champion yet: no managers are configured. An admin sets `Champions:ManagerGroup` (a user group) or `Champions:Managers`.",
        NominationRefusal.NotAManager => "Only managers can nominate a Customer Champion. If you are a manager, ask an admin to add you to the managers' user group (membership is synced daily).",
        NominationRefusal.SelfNomination => "You can't nominate yourself: a Customer Champion is someone you've seen go the extra mile for a customer.",
        NominationRefusal.NomineeNotFound => "I couldn't find that person in this workspace. Mention them with @ so Slack links the name.",
        NominationRefusal.NomineeIsBot => "Bots can't be Customer Champions — nominate the person behind the good work.",
        NominationRefusal.NomineeDeactivated => "That account is deactivated, so it can't be nominated.",
        NominationRefusal.ReasonTooShort => $"Please say why, in at least {"character".ToQuantity(refused.Limit)}: the reason is announced to everyone, so make it specific.",
        NominationRefusal.AllowanceUsed => $"You've already made {"nomination".ToQuantity(refused.Limit)} this month, the most a manager can. You can nominate again next month (or `/champion undo` a nomination made in the last 24 hours).",
        NominationRefusal.AlreadyNominated => "You've already nominated that person this month.",
        _ => "That nomination can't be made.",
    };

    public static string Confirmation(Nominated nominated) =>
        $":trophy: Done: {Mrkdwn.User(nominated.NomineeId)} is a Customer Champion for {nominated.Month.Name}" +
        (nominated.BonusStars > 0 ? $" and gets {"bonus gold star".ToQuantity(nominated.BonusStars)}" : string.Empty) +
        ". I've told them and announced it. Changed your mind? `/champion undo` within 24 hours.";

    public static string Withdrawal(WithdrawalOutcome outcome, DateTime nowUtc) => outcome switch
    {
        Withdrawn w => $"Withdrawn: your nomination of {Mrkdwn.User(w.NomineeId)}" +
            (w.ReversedStars > 0 ? $", and the {"bonus gold star".ToQuantity(w.ReversedStars)} reversed." : ".") +
            " It stays in the history, marked withdrawn.",
        WithdrawalRefused { Why: WithdrawalRefusal.NotAManager } => "Only managers nominate Customer Champions, so there is nothing for you to undo.",
        WithdrawalRefused { Why: WithdrawalRefusal.TooLate } r =>
            $"Your nomination of {Mrkdwn.User(r.NomineeId!)} was made {(nowUtc - r.NominatedAt!.Value).Humanize(culture: CultureInfo.InvariantCulture)} ago; nominations can only be undone within 24 hours. You can still `/champion revoke {Mrkdwn.User(r.NomineeId!)} Customer Champion` (the bonus stars stay).",
        WithdrawalRefused { Why: WithdrawalRefusal.Revoked } r =>
            $"Your nomination of {Mrkdwn.User(r.NomineeId!)} was already revoked, and a revoke keeps the bonus stars, so there is nothing left to undo.",
        WithdrawalRefused { NomineeId: { } nominee } => $"You have no nomination of {Mrkdwn.User(nominee)} to undo.",
        _ => "You have no nomination to undo.",
    };

    public static string Revocation(RevokeOutcome outcome, string userId, string title) => outcome switch
    {
        RevokeOutcome.Revoked => $"Revoked: {Mrkdwn.User(userId)} no longer holds *{Mrkdwn.EscapeAndTruncate(title, 100)}*. The history keeps it, marked revoked; any bonus gold stars stay.",
        RevokeOutcome.NotAManager => "Only managers (their own nominations) and admins can revoke titles.",
        RevokeOutcome.NotYourNomination => $"Only the manager who nominated them, or an admin, can revoke {Mrkdwn.User(userId)}'s *{Mrkdwn.EscapeAndTruncate(title, 100)}*.",
        RevokeOutcome.AdminsOnly => $"Only admins can revoke a milestone title or Customer Champion of the Week (*{Mrkdwn.EscapeAndTruncate(title, 100)}*): nobody nominated it.",
        _ => $"{Mrkdwn.User(userId)} holds no title called *{Mrkdwn.EscapeAndTruncate(title, 100)}*. See `/champion history` for the exact name.",
    };

    /// <param name="names">The names Slack shows for the people the reason mentions (a public post names them, never pings).</param>
    public static Message Announcement(string channelId, ChampionNomination nomination, string managerName, int bonusStars, IReadOnlyDictionary<string, string> names)
    {
        var headline = $":trophy: {Mrkdwn.User(nomination.NomineeId)} is a *Customer Champion* this month, nominated by {Mrkdwn.EscapeAndTruncate(managerName, 100)}!";
        var reason = Quote(nomination.Reason, MentionStyle.Names, names);
        var bonus = bonusStars > 0 ? $"+{"gold star".ToQuantity(bonusStars)}" : null;
        var blocks = new List<Block> { new SectionBlock { Text = new Markdown(headline) }, new SectionBlock { Text = new Markdown(reason) } };
        if (bonus is not null)
        {
            blocks.Add(new ContextBlock { Elements = [new ContextText(":star: " + bonus)] });
        }

        return new Message { Channel = channelId, Text = headline, Blocks = blocks, UnfurlLinks = false, UnfurlMedia = false };
    }

    public static Message DirectMessage(string dmChannelId, ChampionNomination nomination, string managerName, ChampionMonth month, int bonusStars, IReadOnlyDictionary<string, string> names)
    {
        var text = $":trophy: Congratulations! {Mrkdwn.EscapeAndTruncate(managerName, 100)} nominated you *Customer Champion* for {month.Name}" +
            (bonusStars > 0 ? $", with {"bonus gold star".ToQuantity(bonusStars)}" : string.Empty) + ".";
        return new Message
        {
            Channel = dmChannelId,
            Text = text,
            Blocks = [new SectionBlock { Text = new Markdown(text) }, new SectionBlock { Text = new Markdown(Quote(nomination.Reason, MentionStyle.Names, names)) }],
            UnfurlLinks = false,
        };
    }

    public static Message WithdrawalNotice(ChampionNomination nomination) => new()
    {
        Channel = nomination.AnnouncementChannelId,
        ThreadTs = nomination.AnnouncementTs,
        Text = "This nomination was withdrawn by the manager who made it.",
    };

    public static string MilestoneText(string userId, IReadOnlyList<(string Title, int Stars)> titles)
    {
        var top = titles[^1];
        var text = $":tada: {Mrkdwn.User(userId)} has reached {"gold star".ToQuantity(top.Stars)} and is now a *{Mrkdwn.Escape(top.Title)}*!";
        if (titles.Count > 1)
        {
            text += " (also: " + string.Join(", ", titles.Take(titles.Count - 1).Select(t => $"*{Mrkdwn.Escape(t.Title)}*")) + ")";
        }

        return text;
    }

    public static SlashCommandResponse MonthList(ChampionMonth month, IReadOnlyList<ChampionOfMonth> champions, IReadOnlyDictionary<string, string> names)
    {
        if (champions.Count == 0)
        {
            return SlashCommandResponse.Ephemeral($"No Customer Champions for {month.Name} yet.");
        }

        var header = $"Customer Champions for {month.Name}";
        var blocks = new List<Block> { new HeaderBlock { Text = new PlainText(Mrkdwn.Truncate(header, HeaderBlock.MaxTextLength)) } };
        foreach (var champion in champions.Take(MaxListed))
        {
            var line = $"{Mrkdwn.User(champion.NomineeId)}, nominated by {Mrkdwn.EscapeAndTruncate(names.GetValueOrDefault(champion.ManagerId, champion.ManagerId), 100)}\n{Quote(champion.Reason, MentionStyle.Mentions, null)}";
            blocks.Add(new SectionBlock { Text = new Markdown(line) });
        }

        if (champions.Count > MaxListed)
        {
            blocks.Add(new ContextBlock { Elements = [new ContextText($"…and {champions.Count - MaxListed} more.")] });
        }

        return SlashCommandResponse.Ephemeral($"{header}: {champions.Count}", blocks);
    }

    public static SlashCommandResponse History(string userId, IReadOnlyList<TitleHistoryEntry> titles, IReadOnlyDictionary<string, string> names, TimeZoneInfo zone)
    {
        if (titles.Count == 0)
        {
            return SlashCommandResponse.Ephemeral($"{Mrkdwn.User(userId)} hasn't held a title yet.");
        }

        var lines = new StringBuilder();
        var shown = 0;
        foreach (var title in titles)
        {
            var line = new StringBuilder("• *").Append(Mrkdwn.Escape(title.Name)).Append("* — ").Append(When(title, zone));
            if (title.ManagerId is { } manager)
            {
                line.Append(", nominated by ").Append(Mrkdwn.EscapeAndTruncate(names.GetValueOrDefault(manager, manager), 100));
            }

            if (title.MilestoneStars is { } stars)
            {
                line.Append(", for reaching ").Append("gold star".ToQuantity(stars));
            }

            if (title.RevokedAt is not null)
            {
                line.Append(title.Withdrawn ? " _(withdrawn)_" : " _(revoked)_");
            }

            if (title.Reason is { } reason)
            {
                line.Append("\n   ").Append(QuotedText.Render(reason, MentionStyle.Mentions, maxLength: 300, singleLine: true));
            }

            if (lines.Length + line.Length > TextObject.MaxLength - 100)
            {
                break;
            }

            lines.Append(line).Append('\n');
            shown++;
        }

        if (shown < titles.Count)
        {
            lines.Append($"…and {titles.Count - shown} earlier.");
        }

        var heading = $"Titles held by {Mrkdwn.User(userId)}";
        return SlashCommandResponse.Ephemeral(heading, [new SectionBlock { Text = new Markdown(heading) }, new SectionBlock { Text = new Markdown(lines.ToString().TrimEnd()) }]);
    }

    public static ModalViewDefinition NominationModal(string callbackId, int minimumReasonLength) => new()
    {
        CallbackId = callbackId,
        Title = new PlainText("Customer Champion"),
        Submit = new PlainText("Nominate"),
        Close = new PlainText("Cancel"),
        Blocks =
        [
            new InputBlock
            {
                BlockId = NomineeBlockId,
                Label = new PlainText("Who has gone the extra mile for a customer?"),
                Element = new UserSelectMenu { ActionId = NomineeActionId, Placeholder = new PlainText("Choose a person") },
            },
            new InputBlock
            {
                BlockId = ReasonBlockId,
                Label = new PlainText("Why? (announced to everyone)"),
                Element = new PlainTextInput { ActionId = ReasonActionId, Multiline = true, MinLength = minimumReasonLength > 0 ? minimumReasonLength : null, MaxLength = 2000 },
            },
        ],
    };

    /// <summary>Which modal input a refusal belongs under.</summary>
    public static string BlockFor(NominationRefusal why) => why == NominationRefusal.ReasonTooShort ? ReasonBlockId : NomineeBlockId;

    private static string Quote(string slackMarkupReason, MentionStyle style, IReadOnlyDictionary<string, string>? names) =>
        QuotedText.BlockQuote(slackMarkupReason, style, names, MaxReasonShown, MaxReasonLines);

    private static string When(TitleHistoryEntry title, TimeZoneInfo zone)
    {
        var start = TimeZoneInfo.ConvertTimeFromUtc(title.PeriodStart ?? title.GrantedAt, zone);
        return title.Kind switch
        {
            TitleKind.CustomerChampion => start.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
            TitleKind.ChampionOfTheWeek => "week of " + start.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
            _ => "since " + start.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        };
    }
}
