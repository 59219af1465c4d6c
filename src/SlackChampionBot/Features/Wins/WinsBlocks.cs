using System.Globalization;
using Humanizer;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Wins;

/// <summary>Everything the wins feature says in Slack. User text always goes through <see cref="Mrkdwn"/>.</summary>
internal static class WinsBlocks
{
    public const string StoryBlock = "story";
    public const string StoryAction = "story_input";
    public const string CustomerBlock = "customer";
    public const string CustomerAction = "customer_input";
    public const string StageBlock = "stage";
    public const string StageAction = "stage_select";
    public const string ExperienceBlock = "experience";
    public const string ExperienceAction = "experience_select";
    public const string KpiBlock = "kpi";
    public const string KpiAction = "kpi_input";
    public const string CreditsBlock = "credits";
    public const string CreditsAction = "credits_select";

    private const int MaxStoryLength = 2900;

    /// <summary>What the celebration reply of a deleted win says instead.</summary>
    public const string DeletedWinReply = "This win was deleted; its stars were returned.";

    /// <summary>
    /// The threaded celebration: "⭐ Gold star for @alice — 12th win this month! +1 star each for @bob and @chen". The
    /// tally counts the poster's wins this month (not stars: a champion bonus or cheers are not wins). It names only the
    /// stars that paid: a win past the poster's paid wins for the day is "🎉 A customer win from @alice — …", and a
    /// colleague named without a star is not listed (the poster is told why, privately).
    /// </summary>
    public static Message Celebration(WinCelebration c)
    {
        var tally = $"{Math.Max(c.WinOfTheMonth, 1).Ordinalize(BotCulture.English)} win this month";
        var text = c.PosterStars switch
        {
            <= 0 => $"🎉 A customer win from {Mrkdwn.User(c.PosterId)} — {tally}!",
            1 => $"⭐ Gold star for {Mrkdwn.User(c.PosterId)} — {tally}!",
            _ => $"⭐ {"gold star".ToQuantity(c.PosterStars).Transform(To.SentenceCase)} for {Mrkdwn.User(c.PosterId)} — {tally}!",
        };
        if (c.CreditedIds.Count > 0 && c.StarsPerCredit > 0)
        {
            var each = c.CreditedIds.Count == 1 ? string.Empty : " each";
            var names = c.CreditedIds.Select(Mrkdwn.User).Humanize("and");
            text += $" +{"star".ToQuantity(c.StarsPerCredit)}{each} for {names}";
        }

        return new Message
        {
            Channel = c.ChannelId,
            ThreadTs = c.MessageTs,
            Text = text,
            Blocks = [new SectionBlock { Text = new Markdown(text) }],
            UnfurlLinks = false,
        };
    }

    /// <summary>The celebration reply, rewritten (chat.update) after an edit moved a credit.</summary>
    public static MessageUpdate CelebrationUpdate(WinCelebration c, string replyTs)
    {
        var message = Celebration(c);
        return new MessageUpdate { ChannelId = c.ChannelId, Ts = replyTs, Text = message.Text, Blocks = message.Blocks };
    }

    /// <summary>The celebration reply of a deleted win (its thread stays visible under the tombstone).</summary>
    public static MessageUpdate DeletedCelebration(string channelId, string replyTs) => new()
    {
        ChannelId = channelId,
        Ts = replyTs,
        Text = DeletedWinReply,
        Blocks = [new SectionBlock { Text = new Markdown(":wastebasket: " + DeletedWinReply) }],
    };

    /// <summary>A private tip for a message that looked like a win but was not recorded.</summary>
    public static string Tip(WinTip tip, WinsOptions options) => tip switch
    {
        WinTip.MissingTag =>
            $"Is this a customer win? Post it with {Mrkdwn.Escape(string.Join(" or ", options.EffectiveTags))} and it earns gold stars for you and the colleagues you mention.",
        WinTip.TooShort =>
            $"Your win needs a little more story: at least {"character".ToQuantity(options.MinimumTextLength)} besides mentions, emoji and tags. What happened for the customer? Post it again (or edit it) with a few more words.",
        WinTip.GuestPoster =>
            "Thanks for sharing! Guests don't collect gold stars in this workspace, so this win wasn't recorded.",
        _ => throw new ArgumentOutOfRangeException(nameof(tip), tip, null),
    };

    /// <summary>
    /// A private note that the win counted but earned less than it might: colleagues named who earned no star, and why
    /// (one sentence per rule, naming when a limit resets), and a win that did not pay its poster. Null with nothing to say.
    /// </summary>
    public static string? Unpaid(IReadOnlyList<SkippedMention> skipped, FairPlayVerdict? posterUnpaid, bool edited = false)
    {
        var sentences = new List<string>();
        if (posterUnpaid is not null)
        {
            sentences.Add(StarsBlocks.Limit(posterUnpaid, Mrkdwn.User(posterUnpaid.ReceiverId)));
        }

        foreach (var group in skipped.GroupBy(s => s.Reason))
        {
            var names = group.Select(s => Name(s.UserId)).Humanize("and");
            var plural = group.Count() > 1;
            sentences.Add(group.Key switch
            {
                StarRefusal.Bot => $"{names} {(plural ? "are bots" : "is a bot")}, and bots don't collect gold stars.",
                StarRefusal.Guest => $"{names} {(plural ? "are guests" : "is a guest")}, and guests don't collect gold stars here.",
                StarRefusal.NotAColleague => $"{names} {(plural ? "aren't active colleagues" : "isn't an active colleague")} in this workspace.",
                StarRefusal.PairMonthlyLimit => string.Join(" ", group.Select(s => StarsBlocks.Limit(s.Verdict!, Name(s.UserId)))),
                StarRefusal.DailyLimit or StarRefusal.CreditsPerWin => $"{names} earned no star: {Uncapitalised(StarsBlocks.Limit(group.First().Verdict!, names))}",
                _ => $"{names} earned no star.",
            });
        }

        if (sentences.Count == 0)
        {
            return null;
        }

        var opening = edited
            ? "Your edit is saved. Not everyone you added earned a star:"
            : posterUnpaid is not null && skipped.Count == 0 ? "Your win is recorded!" : "Your win is recorded! Not every star it could earn was paid:";
        return opening + " " + string.Join(" ", sentences);
    }

    /// <summary>Why a cheer was refused, for the giver only.</summary>
    public static string Refusal(FairPlayVerdict verdict, string receiverId) => verdict.Refusal switch
    {
        StarRefusal.SelfStar => "You can't give yourself a gold star. Cheer a colleague's win instead!",
        StarRefusal.Guest => "Guests can't give or receive gold stars in this workspace, so your cheer didn't count.",
        StarRefusal.NotAColleague => $"{Mrkdwn.User(receiverId)} isn't an active colleague in this workspace any more, so your cheer didn't count.",
        StarRefusal.Bot => "Bots don't collect gold stars, so your cheer didn't count.",
        _ => StarsBlocks.Limit(verdict, Mrkdwn.User(receiverId)),
    };

    private static string Name(string userId) => Mrkdwn.IsUserId(userId) ? Mrkdwn.User(userId) : Mrkdwn.Escape(userId);

    private static string Uncapitalised(string sentence) => sentence.Length > 1 ? char.ToLowerInvariant(sentence[0]) + sentence[1..] : sentence;

    /// <summary>A modal with one sentence and a Close button, for answers where there is no channel to answer in.</summary>
    public static ModalViewDefinition Notice(string title, string text) => new()
    {
        Title = new PlainText(Mrkdwn.Truncate(title, 24)),
        Close = new PlainText("Close"),
        Blocks = [new SectionBlock { Text = new PlainText(Mrkdwn.Truncate(text, 3000)) }],
    };

    /// <summary>The /win modal, optionally with what was typed after the command.</summary>
    public static ModalViewDefinition ShareWinModal(string callbackId, ShareWinDraft? draft = null) => new()
    {
        CallbackId = callbackId,
        Title = new PlainText("Share a customer win"),
        Submit = new PlainText("Share"),
        Close = new PlainText("Cancel"),
        Blocks =
        [
            new InputBlock
            {
                BlockId = StoryBlock,
                Label = new PlainText("What happened?"),
                Element = new PlainTextInput
                {
                    ActionId = StoryAction,
                    Multiline = true,
                    MaxLength = MaxStoryLength,
                    Placeholder = new PlainText("The customer's problem, what you did, what changed for them"),
                    InitialValue = draft is null ? null : Mrkdwn.Truncate(draft.Story, MaxStoryLength),
                },
            },
            new InputBlock
            {
                BlockId = CustomerBlock,
                Optional = true,
                Label = new PlainText("Customer"),
                Element = new PlainTextInput { ActionId = CustomerAction, MaxLength = 200 },
            },
            new InputBlock
            {
                BlockId = StageBlock,
                Optional = true,
                Label = new PlainText("Lifecycle stage"),
                Element = new StaticSelectMenu { ActionId = StageAction, Options = Enum.GetValues<LifecycleStage>().Select(s => new Option { Text = new PlainText(StageName(s)), Value = s.ToString() }).ToList() },
            },
            new InputBlock
            {
                BlockId = ExperienceBlock,
                Optional = true,
                Label = new PlainText("Kind of experience"),
                Element = new StaticSelectMenu { ActionId = ExperienceAction, Options = Enum.GetValues<ExperienceKind>().Select(k => new Option { Text = new PlainText(ExperienceName(k)), Value = k.ToString() }).ToList() },
            },
            new InputBlock
            {
                BlockId = KpiBlock,
                Optional = true,
                Label = new PlainText("KPI moved"),
                Element = new PlainTextInput { ActionId = KpiAction, MaxLength = 200, Placeholder = new PlainText("NPS, complaints, effort, retention…") },
            },
            new InputBlock
            {
                BlockId = CreditsBlock,
                Optional = true,
                Label = new PlainText("Colleagues to credit"),
                Element = new UserMultiSelectMenu { ActionId = CreditsAction, MaxSelectedItems = 20, InitialUsers = draft is { CreditedIds.Count: > 0 } ? draft.CreditedIds.Take(20).ToList() : null },
            },
        ],
    };

    /// <summary>The win the bot posts for the /win form, on the poster's behalf.</summary>
    public static Message FormWin(string channelId, string posterId, WinForm form)
    {
        var headline = $"{Mrkdwn.User(posterId)} shared a customer win";
        var blocks = new List<Block>
        {
            new SectionBlock { Text = new Markdown($"*{headline}*") },
            new SectionBlock { Text = new Markdown(Mrkdwn.EscapeAndTruncate(form.Story, MaxStoryLength)) },
        };
        var fields = new List<TextObject>();
        if (!string.IsNullOrWhiteSpace(form.Customer))
        {
            fields.Add(new Markdown($"*Customer*\n{Mrkdwn.EscapeAndTruncate(form.Customer.Trim(), 200)}"));
        }

        if (form.Stage is { } stage)
        {
            fields.Add(new Markdown($"*Lifecycle stage*\n{StageName(stage)}"));
        }

        if (form.Experience is { } kind)
        {
            fields.Add(new Markdown($"*Experience*\n{ExperienceName(kind)}"));
        }

        if (!string.IsNullOrWhiteSpace(form.Kpi))
        {
            fields.Add(new Markdown($"*KPI moved*\n{Mrkdwn.EscapeAndTruncate(form.Kpi.Trim(), 200)}"));
        }

        if (fields.Count > 0)
        {
            blocks.Add(new SectionBlock { Fields = fields });
        }

        var credited = form.CreditedIds.Where(id => id != posterId && Mrkdwn.IsUserId(id)).Distinct().ToList();
        if (credited.Count > 0)
        {
            blocks.Add(new ContextBlock { Elements = [new ContextText($"With {credited.Select(Mrkdwn.User).Humanize("and")}")] });
        }

        return new Message
        {
            Channel = channelId,
            Text = $"{headline}: {Mrkdwn.EscapeAndTruncate(form.Story, 300)}",
            Blocks = blocks,
            UnfurlLinks = false,
        };
    }

    public static string StageName(LifecycleStage stage) => stage switch
    {
        LifecycleStage.PreOrder => "Pre-order",
        _ => stage.ToString(),
    };

    public static string ExperienceName(ExperienceKind kind) => kind switch
    {
        ExperienceKind.BrandAndMarketing => "Brand & marketing",
        _ => "Service",
    };
}
