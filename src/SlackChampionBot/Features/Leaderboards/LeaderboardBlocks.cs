using Humanizer;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// Block Kit for league tables, the /stars card, the weekly post and App Home. Every name, title and win text is
/// escaped and cut to size; long tables are split over several sections, so nothing Slack would reject is ever built
/// (50 blocks in a message, 100 in a view, 3,000 characters in a text, 150 in a header).
/// </summary>
internal static class LeaderboardBlocks
{
    public const int MaxNameLength = 80;
    public const int MaxTitlesLength = 120;
    public const int MaxQuoteLength = 1500;
    public const int MaxQuoteLines = 15;
    public const int MaxSectionText = TextObject.MaxLength;

    /// <summary>The action id of App Home's "Share a win" button; the Wins feature owns the modal it opens.</summary>
    public const string ShareWinActionId = Wins.ShareWinButton.ActionId;

    public static string PeriodName(Period period) => period.Kind switch
    {
        PeriodKind.Week => string.Create(BotCulture.English, $"week {WeeklyPostService.Label(period)} ({period.Start:d MMM}–{period.End!.Value.AddDays(-1):d MMM})"),
        PeriodKind.Month => period.Start.ToString("MMMM yyyy", BotCulture.English),
        PeriodKind.Quarter => $"Q{((period.Start.Month - 1) / 3) + 1} {period.Start.Year}",
        _ => "all time",
    };

    public static string RankLabel(int rank, bool tied) => tied ? "=" + rank.Ordinalize(BotCulture.English) : rank.Ordinalize(BotCulture.English);

    public static string Stars(int stars) => "gold star".ToQuantity(stars);

    public static string Name(IReadOnlyDictionary<string, string> names, string userId) =>
        Mrkdwn.EscapeAndTruncate(Mrkdwn.Truncate(names.TryGetValue(userId, out var name) ? name : userId, MaxNameLength), MaxNameLength + 40);

    public static string Titles(IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>> titles, string userId) =>
        titles.TryGetValue(userId, out var badges) && badges.Count > 0
            ? " · _" + Mrkdwn.EscapeAndTruncate(Mrkdwn.Truncate(string.Join(", ", badges.Select(b => b.Name)), MaxTitlesLength), MaxTitlesLength + 40) + "_"
            : string.Empty;

    public static string TeamName(ResolvedGroup team) => Mrkdwn.EscapeAndTruncate(Mrkdwn.Truncate("@" + team.Handle, 60), 100);

    public static string Line(Standing row, IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>> titles) =>
        $"*{RankLabel(row.Rank, row.Tied)}* {Name(names, row.UserId)} — {Stars(row.Stars)}{Titles(titles, row.UserId)}";

    public static string CallerLine(CallerStanding caller, ResolvedGroup? team)
    {
        if (!caller.InTeam && team is not null)
        {
            return $"You are not in {TeamName(team)}.";
        }

        if (caller.Rank is null)
        {
            return "You have no gold stars in this period yet: share a customer win to get on the board.";
        }

        var place = $"You are *{RankLabel(caller.Rank.Value, caller.Tied)}* with {Stars(caller.Stars)}";
        var next = caller.StarsToNextPlace is { } gap ? $"; {Stars(gap)} more to move up a place." : ": top of the table!";
        var hidden = caller.Hidden ? " (you are hidden from public tables: `/stars show` to appear)" : string.Empty;
        return place + next + hidden;
    }

    /// <summary>The ephemeral /leaderboard answer.</summary>
    public static Message Table(LeagueTable table)
    {
        var scope = table.Team is null ? "the workspace" : TeamName(table.Team);
        var title = Mrkdwn.Truncate($"Leaderboard — {PeriodName(table.Period)}", HeaderBlock.MaxTextLength);
        var blocks = new List<Block> { new HeaderBlock { Text = new PlainText(title) } };
        blocks.Add(new ContextBlock { Elements = [new ContextText(Mrkdwn.Truncate($"Top places in {scope}", MaxSectionText))] });
        blocks.AddRange(table.Rows.Count == 0
            ? [new SectionBlock { Text = new Markdown("Nobody has a gold star in this period yet.") }]
            : Sections(table.Rows.Select(r => Line(r, table.Names, table.Titles)), Block.MaxBlocksInMessage - 5));
        if (table.Caller is { } caller)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(new SectionBlock { Text = new Markdown(CallerLine(caller, table.Team)) });
        }

        return new Message { Text = Mrkdwn.Truncate($"{title} ({table.Rows.Count} people)", MaxSectionText), Blocks = blocks };
    }

    /// <summary>The /stars card, and the top of App Home.</summary>
    public static List<Block> Card(StarsCard card, bool own)
    {
        var who = own ? "Your gold stars" : $"Gold stars of {Mrkdwn.Truncate(card.Name, MaxNameLength)}";
        var blocks = new List<Block>
        {
            new HeaderBlock { Text = new PlainText(Mrkdwn.Truncate(who, HeaderBlock.MaxTextLength)) },
            new SectionBlock
            {
                Fields =
                [
                    new Markdown($"*This week*\n{Stars(card.Week)}"),
                    new Markdown($"*This month*\n{Stars(card.Month)}"),
                    new Markdown($"*All time*\n{Stars(card.AllTime)}"),
                    new Markdown($"*Rank*\n{RankText(card.WeekStanding)} this week · {RankText(card.AllTimeStanding)} all time"),
                ],
            },
        };

        var titles = card.Titles.Count == 0 ? "no titles yet" : string.Join(", ", card.Titles.Select(t => t.Name));
        var teams = card.Teams.Count == 0 ? string.Empty : "\n*Teams:* " + Mrkdwn.Escape(string.Join(", ", card.Teams.Select(t => "@" + t.Handle)));
        var facts = "*Titles:* " + Mrkdwn.Escape(titles) + teams;
        blocks.Add(new SectionBlock { Text = new Markdown(Mrkdwn.Truncate(facts, MaxSectionText)) });
        if (own && card.Hidden)
        {
            blocks.Add(new ContextBlock { Elements = [new ContextText("You are hidden from public tables (you still collect stars). `/stars show` to appear again.")] });
        }

        blocks.Add(new SectionBlock { Text = new Markdown(card.RecentWins.Count == 0 ? "*Recent wins:* none yet." : "*Recent wins*") });
        blocks.AddRange(card.RecentWins.Select(WinSection));
        return blocks;
    }

    private static string RankText(CallerStanding standing) =>
        standing.Rank is { } rank ? RankLabel(rank, standing.Tied) : "no rank";

    private static SectionBlock WinSection(WinSummary win)
    {
        var when = win.CreatedAt.ToString("d MMM", BotCulture.English);
        var link = win.Permalink is null ? string.Empty : " " + Mrkdwn.Link(win.Permalink, "open");
        // The card is only ever shown privately (an ephemeral answer, App Home), where a mention notifies nobody.
        var text = win.Text.Length == 0
            ? "_(its text is no longer kept)_" // Data:RetainWinTextMonths, or its poster was erased
            : QuotedText.Render(win.Text, MentionStyle.Mentions, maxLength: 280, singleLine: true);
        return new SectionBlock { Text = new Markdown(Mrkdwn.Truncate($"• {when}: {text}{link}", MaxSectionText)) };
    }

    public static Message StarsCardMessage(StarsCard card, bool own)
    {
        var text = own ? $"You have {Stars(card.AllTime)}" : $"{Mrkdwn.Truncate(card.Name, MaxNameLength)} has {Stars(card.AllTime)}";
        return new Message { Text = Mrkdwn.Escape(text), Blocks = Card(card, own) };
    }

    /// <summary>The App Home tab: your card, the week's top 5, and a button to share a win.</summary>
    public static HomeViewDefinition Home(StarsCard card, LeagueTable week)
    {
        var blocks = Card(card, own: true);
        blocks.Add(new ActionsBlock { Elements = [new Button { ActionId = ShareWinActionId, Text = new PlainText("Share a win"), Style = "primary", Value = "home" }] });
        blocks.Add(new DividerBlock());
        blocks.Add(new HeaderBlock { Text = new PlainText(Mrkdwn.Truncate($"This week's top 5 — {PeriodName(week.Period)}", HeaderBlock.MaxTextLength)) });
        blocks.AddRange(week.Rows.Count == 0
            ? [new SectionBlock { Text = new Markdown("Nobody has a gold star this week yet.") }]
            : Sections(week.Rows.Select(r => Line(r, week.Names, week.Titles)), 10));
        return new HomeViewDefinition { Blocks = blocks.Take(Block.MaxBlocksInView).ToList() };
    }

    /// <summary>The weekly channel post.</summary>
    public static Message WeeklyPost(WeeklyPostContent content, int topN)
    {
        var title = Mrkdwn.Truncate($":trophy: Weekly leaderboard — {PeriodName(content.Week)}", HeaderBlock.MaxTextLength);
        var blocks = new List<Block> { new HeaderBlock { Text = new PlainText(title) } };

        if (content.Champion is { } champion)
        {
            var line = $":star2: *Customer Champion of the Week:* {Mrkdwn.User(champion.UserId)} ({Name(content.Names, champion.UserId)}) with {Stars(champion.Stars)}!";
            blocks.Add(new SectionBlock { Text = new Markdown(Mrkdwn.Truncate(line, MaxSectionText)) });
        }

        blocks.Add(new SectionBlock { Text = new Markdown($"*Top {topN} this week*") });
        blocks.AddRange(content.Top.Count == 0
            ? [new SectionBlock { Text = new Markdown("No gold stars this week. Share a customer win to start next week's board!") }]
            : Sections(content.Top.Select(r => Line(r, content.Names, content.Titles)), 12));

        if (content.Climbers.Count > 0)
        {
            var climbers = content.Climbers.Select(c =>
                $"• {Name(content.Names, c.UserId)}: {RankLabel(c.Rank, false)}" + (c.PreviousRank is { } before ? $", up {"place".ToQuantity(c.PlacesGained)} from {before.Ordinalize(BotCulture.English)}" : ", new on the board"));
            blocks.Add(new SectionBlock { Text = new Markdown("*Biggest climbers*") });
            blocks.AddRange(Sections(climbers, 3));
        }

        if (content.NewChampions.Count > 0)
        {
            var champions = content.NewChampions.Select(c => $"• {Name(content.Names, c.UserId)} — _{Mrkdwn.EscapeAndTruncate(Mrkdwn.Truncate(c.Name, MaxTitlesLength), MaxTitlesLength + 40)}_");
            blocks.Add(new SectionBlock { Text = new Markdown("*New customer champions*") });
            blocks.AddRange(Sections(champions, 3));
        }

        if (content.WinOfTheWeek is { } win)
        {
            var quote = QuotedText.BlockQuote(win.Text, MentionStyle.Names, content.Names, MaxQuoteLength, MaxQuoteLines);
            var customer = string.IsNullOrWhiteSpace(win.Customer) ? string.Empty : $" (customer: {Mrkdwn.EscapeAndTruncate(Mrkdwn.Truncate(Mrkdwn.Unescape(win.Customer), 100), 200)})";
            var link = win.Permalink is null ? string.Empty : "\n" + Mrkdwn.Link(win.Permalink, "See the win");
            var head = $"*Win of the week* — {Name(content.Names, win.PosterId)}{customer}, cheered by {"colleague".ToQuantity(win.Cheerers)}:\n";
            blocks.Add(new SectionBlock { Text = new Markdown(Mrkdwn.Truncate(head, 900) + quote + link) });
        }

        var stages = content.WinsByStage.Select(s => $"{StageName(s.Key)}: {s.Value}");
        var kinds = content.WinsByExperience.Select(k => $"{ExperienceName(k.Key)}: {k.Value}");
        var counts = content.WinCount == 0
            ? "No wins shared this week."
            : $"*{"win".ToQuantity(content.WinCount)} this week.* By lifecycle stage: {string.Join(" · ", stages)}. By kind of experience: {string.Join(" · ", kinds)}.";
        blocks.Add(new ContextBlock { Elements = [new ContextText(Mrkdwn.Truncate(counts, MaxSectionText))] });

        return new Message
        {
            Text = Mrkdwn.Truncate($"Weekly leaderboard — {PeriodName(content.Week)}", MaxSectionText),
            Blocks = blocks.Take(Block.MaxBlocksInMessage).ToList(),
            UnfurlLinks = false,
            UnfurlMedia = false,
        };
    }

    public static string StageName(LifecycleStage? stage) => stage switch
    {
        LifecycleStage.PreOrder => "Pre-order",
        null => "Not tagged",
        _ => stage.Value.ToString(),
    };

    public static string ExperienceName(ExperienceKind? kind) => kind switch
    {
        ExperienceKind.BrandAndMarketing => "Brand & marketing",
        ExperienceKind.Service => "Service",
        _ => "Not tagged",
    };

    /// <summary>Packs lines into as few sections as fit 3,000 characters each, at most <paramref name="maxBlocks"/>.</summary>
    public static IEnumerable<Block> Sections(IEnumerable<string> lines, int maxBlocks)
    {
        var result = new List<Block>();
        var current = new System.Text.StringBuilder();
        foreach (var raw in lines)
        {
            var line = Mrkdwn.Truncate(raw, MaxSectionText);
            if (current.Length > 0 && current.Length + 1 + line.Length > MaxSectionText)
            {
                result.Add(new SectionBlock { Text = new Markdown(current.ToString()) });
                current.Clear();
                if (result.Count == maxBlocks)
                {
                    return result;
                }
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(line);
        }

        if (current.Length > 0 && result.Count < maxBlocks)
        {
            result.Add(new SectionBlock { Text = new Markdown(current.ToString()) });
        }

        return result;
    }
}
