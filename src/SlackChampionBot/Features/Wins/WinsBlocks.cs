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
    /// tally counts the poster's wins this month (not stars: a champion bonus or cheers are not wins).
    /// </summary>
    public static Message Celebration(WinCelebration c)
    {
        var award = c.PosterStars == 1 ? "Gold star" : "gold star".ToQuantity(c.PosterStars).Transform(To.SentenceCase);
        var tally = $"{Math.Max(c.WinOfTheMonth, 1).Ordinalize(BotCulture.English)} win this month";
        var text = $"⭐ {award} for {Mrkdwn.User(c.PosterId)} — {tally}!";
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

    /// <summary>A private note that the win counted but some people named in it earned nothing, and why.</summary>
    public static string SkippedMentions(IReadOnlyList<SkippedMention> skipped)
    {
        var lines = skipped.GroupBy(s => s.Reason).Select(g =>
        {
            var names = g.Select(s => Mrkdwn.IsUserId(s.UserId) ? Mrkdwn.User(s.UserId) : Mrkdwn.Escape(s.UserId)).Humanize("and");
            var plural = g.Count() > 1;
            return g.Key switch
            {
                StarRefusal.Bot => $"{names} {(plural ? "are bots" : "is a bot")}, and bots don't collect gold stars.",
                StarRefusal.Guest => $"{names} {(plural ? "are guests" : "is a guest")}, and guests don't collect gold stars here.",
                _ => $"{names} {(plural ? "aren't active colleagues" : "isn't an active colleague")} in this workspace.",
            };
        });
        return "Your win is recorded! Not everyone you named was credited: " + string.Join(" ", lines);
    }

    /// <summary>Why a cheer was refused, for the giver only.</summary>
    public static string Refusal(FairPlayVerdict verdict, string receiverId) => verdict.Refusal switch
    {
        StarRefusal.SelfStar => "You can't give yourself a gold star. Cheer a colleague's win instead!",
        StarRefusal.DailyLimit =>
            $"You've given your {"gold star".ToQuantity(verdict.DailyLimit)} for today; they refill at midnight your time (in {Humanize(verdict.RefillsIn)}).",
        StarRefusal.Guest => "Guests can't give or receive gold stars in this workspace, so your cheer didn't count.",
        StarRefusal.NotAColleague => $"{Mrkdwn.User(receiverId)} isn't an active colleague in this workspace any more, so your cheer didn't count.",
        StarRefusal.Bot => "Bots don't collect gold stars, so your cheer didn't count.",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict.Refusal, null),
    };

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

    private static string Humanize(TimeSpan span) =>
        (span < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : span).Humanize(culture: BotCulture.English, minUnit: TimeUnit.Minute);
}
