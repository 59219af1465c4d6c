using System.Globalization;
using Humanizer;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Pulse;

/// <summary>Block Kit (and CSV) for the pulse. Rendering only: every rule was applied by the services.</summary>
internal static class PulseBlocks
{
    public const string AnonymityPromise =
        "Your answers are anonymous: they are stored without your name, nobody (HR included) can see who answered what or who did not answer, and no result is shown for fewer than a handful of people.";

    public const string EnpsStatement = "How likely are you to recommend working here to a friend? (0 = not at all, 10 = extremely likely)";

    public const string ThanksText = "Thanks, your answers are anonymous. You can change them until the pulse closes.";

    /// <summary>What every survey DM becomes at close, whoever answered what: no buttons, nothing that depends on answers.</summary>
    public const string ClosedText = "This pulse has closed, thank you.";

    /// <summary>The same label whether or not a comment is stored (the DM must not say who commented).</summary>
    public const string CommentButtonText = "Write an anonymous comment";

    public static string AnswerActionId(int value) => PulseAnswerAction.ActionIdPrefix + value.ToString(CultureInfo.InvariantCulture);

    public static string AnswerValue(long surveyId, int question, int value) =>
        string.Create(CultureInfo.InvariantCulture, $"{surveyId}:{question}:{value}");

    public static bool TryParseAnswerValue(string? value, out long surveyId, out int question, out int answer)
    {
        surveyId = 0;
        question = 0;
        answer = 0;
        var parts = value?.Split(':');
        return parts is { Length: 3 }
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out surveyId)
            && int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out question)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out answer);
    }

    /// <summary>
    /// A moment in Slack's date syntax: every reader sees it in their own time zone ("Thursday at 14:00"); clients that
    /// cannot render it show the UTC fallback.
    /// </summary>
    public static string When(DateTime utc) =>
        string.Create(CultureInfo.InvariantCulture, $"<!date^{new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds()}^{{date_short_pretty}} at {{time}}|") + utc.ToString("ddd d MMM HH:mm", BotCulture.English) + " UTC>";

    public static Message SurveyMessage(string channel, PulseSurveyView survey, bool reminder) =>
        new() { Channel = channel, Text = reminder ? "Reminder: a short pulse survey is waiting for you" : "A short pulse survey: how are things?", Blocks = SurveyBlocks(survey, null, reminder) };

    /// <summary>The DM after an answer: the same survey with the person's progress, and no sign of any value chosen.</summary>
    public static MessageUpdate Progress(string channel, string ts, PulseSurveyView survey, PulseProgress progress) =>
        new() { ChannelId = channel, Ts = ts, Text = ThanksText, Blocks = SurveyBlocks(survey, progress, reminder: false) };

    public static MessageUpdate Closed(string channel, string ts) =>
        new() { ChannelId = channel, Ts = ts, Text = ClosedText, Blocks = [new SectionBlock { Text = new Markdown(ClosedText) }] };

    /// <summary>
    /// The survey DM. It stays in the person's Slack history (and in Slack's exports), so it shows progress only: the
    /// buttons look the same whatever was chosen, and the comment button does not change once a comment is stored.
    /// </summary>
    public static IList<Block> SurveyBlocks(PulseSurveyView survey, PulseProgress? progress, bool reminder)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock { Text = reminder ? "Reminder: your pulse survey" : "Pulse: how are things?" },
            new SectionBlock
            {
                Text = new Markdown(string.Create(BotCulture.English, $"{survey.QuestionCount} quick questions; 1 = strongly disagree, 5 = strongly agree. Open until {When(survey.ClosesAt)}.")),
            },
            new ContextBlock { Elements = [new ContextText(AnonymityPromise)] },
        };

        for (var i = 0; i < survey.Questions.Count; i++)
        {
            blocks.Add(new SectionBlock { Text = new Markdown($"*{i + 1}.* {Mrkdwn.EscapeAndTruncate(survey.Questions[i], 2000)}") });
            blocks.Add(Buttons(survey.Id, i, 1, 5));
        }

        if (survey.IncludesEnps)
        {
            blocks.Add(new SectionBlock { Text = new Markdown($"*{survey.Questions.Count + 1}.* {EnpsStatement}") });
            blocks.Add(Buttons(survey.Id, PulseService.EnpsQuestion, 0, 10));
        }

        if (survey.AllowComment)
        {
            blocks.Add(new ActionsBlock
            {
                BlockId = "pulse_comment",
                Elements = [new Button { ActionId = PulseCommentAction.ActionId, Text = CommentButtonText, Value = survey.Id.ToString(CultureInfo.InvariantCulture) }],
            });
        }

        if (progress is { Answered: > 0 })
        {
            blocks.Add(new ContextBlock { Elements = [new ContextText(string.Create(BotCulture.English, $"*{progress.Answered} of {progress.Questions} answered.* Your answers are anonymous; you can change them until {When(survey.ClosesAt)}."))] });
        }

        return blocks;
    }

    /// <summary>
    /// The private confirmation of a click (chat.postEphemeral): the only place the chosen value is shown, and Slack
    /// keeps ephemeral messages out of the conversation's history and exports.
    /// </summary>
    public static Message Confirmation(string channel, PulseSurveyView survey, int question, int value) => new()
    {
        Channel = channel,
        Text = question == PulseService.EnpsQuestion
            ? string.Create(BotCulture.English, $"Saved: {value} for question {survey.Questions.Count + 1} (recommending working here). Only you can see this, and you can change it until the pulse closes.")
            : string.Create(BotCulture.English, $"Saved: {value} for question {question + 1}. Only you can see this, and you can change it until the pulse closes."),
    };

    /// <summary>The private confirmation of a stored comment.</summary>
    public const string CommentSavedText = "Thanks: your comment is stored without your name. Only you can see this note; sending another comment replaces it.";

    private static ActionsBlock Buttons(long surveyId, int question, int from, int to) => new()
    {
        BlockId = question == PulseService.EnpsQuestion ? "pulse_enps" : $"pulse_q{question}",
        Elements = [.. Enumerable.Range(from, to - from + 1).Select(v => new Button
        {
            ActionId = AnswerActionId(v),
            Text = v.ToString(CultureInfo.InvariantCulture),
            Value = AnswerValue(surveyId, question, v),
        })],
    };

    /// <summary>
    /// The comment modal; its metadata carries the survey and the DM it was opened from (for the private confirmation).
    /// A stored comment is never put back into it: it would travel through Slack again.
    /// </summary>
    public static ModalViewDefinition CommentModal(long surveyId, string? channel, string? ts, bool hasComment) => new()
    {
        CallbackId = PulseCommentSubmission.CallbackId,
        PrivateMetadata = CommentMetadata(surveyId, channel, ts),
        Title = "Anonymous comment",
        Submit = "Send",
        Close = "Cancel",
        Blocks =
        [
            new ContextBlock { Elements = [new ContextText("Stored without your name and shown to HR, in random order, only when enough people commented. Avoid details that identify you."
                + (hasComment ? " You have already sent a comment: sending this one replaces it." : string.Empty))] },
            new InputBlock
            {
                BlockId = PulseCommentSubmission.BlockId,
                Label = "Anything you'd like to add?",
                Element = new PlainTextInput { ActionId = PulseCommentSubmission.InputActionId, Multiline = true, MaxLength = PulseService.MaxCommentLength },
            },
        ],
    };

    public static string CommentMetadata(long surveyId, string? channel, string? ts) =>
        channel is null || ts is null
            ? surveyId.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{surveyId}:{channel}:{ts}");

    /// <summary>Reads <see cref="CommentMetadata"/>: the survey, and the DM's channel and ts when they were recorded.</summary>
    public static bool TryParseCommentMetadata(string? metadata, out long surveyId, out string? channel, out string? ts)
    {
        channel = null;
        ts = null;
        var parts = (metadata ?? string.Empty).Split(':');
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out surveyId) || parts.Length is not (1 or 3))
        {
            return false;
        }

        if (parts.Length == 3 && parts[1].Length > 0 && parts[2].Length > 0)
        {
            channel = parts[1];
            ts = parts[2];
        }

        return true;
    }

    public static string WithheldText(int responses, int threshold) =>
        $"Not enough responses yet to keep answers anonymous ({responses} of {threshold} needed)";

    public static IList<Block> Results(PulseReportReady r)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock { Text = "Pulse results: " + r.OpenedAt.ToString("d MMM yyyy", BotCulture.English) },
            new SectionBlock { Text = new Markdown(string.Create(BotCulture.English, $"*Response rate:* {r.ResponseRatePercent:0}% ({r.Responses} of {r.Delivered}). Groups under {r.Threshold} responses are never shown.") + Compared(r)) },
        };

        foreach (var q in r.Questions)
        {
            var distribution = string.Join("  ", q.Distribution.Select((n, i) => $"{i + 1}: {n}"));
            blocks.Add(new SectionBlock { Text = new Markdown(Mrkdwn.Truncate(string.Create(BotCulture.English, $"*{Mrkdwn.Escape(q.Statement)}*\nMean {q.Mean:0.00}{Change(q.MeanChange, "0.00")} · {q.FavourablePercent:0}% favourable · n={q.N}\n{distribution}"), 3000)) });
        }

        if (r.Enps is { } e)
        {
            blocks.Add(new SectionBlock { Text = new Markdown(string.Create(BotCulture.English, $"*eNPS:* {e.Score:+0;-0;0}{EnpsChange(e)} (n={e.N}: {e.Promoters} promoters, {e.Passives} passives, {e.Detractors} detractors)")) });
        }

        if (r.Teams.Count > 0)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(new SectionBlock { Text = new Markdown(Mrkdwn.Truncate("*By team*\n" + string.Join("\n", r.Teams.Select(TeamLine)), 3000)) });
        }

        blocks.Add(new DividerBlock());
        if (r.Comments.Count > 0)
        {
            blocks.Add(new SectionBlock { Text = new Markdown($"*Comments* ({r.Comments.Count}, in random order)") });
            foreach (var comment in r.Comments.Take(Block.MaxBlocksInMessage - blocks.Count - 3))
            {
                blocks.Add(new SectionBlock { Text = new Markdown("> " + Mrkdwn.EscapeAndTruncate(comment, 2900).Replace("\n", "\n> ", StringComparison.Ordinal)) });
            }
        }
        else if (r.CommentCount > 0)
        {
            blocks.Add(new ContextBlock { Elements = [new ContextText($"Comments are hidden: fewer than {r.Threshold} people commented.")] })
;
        }

        if (r.Recognition.Count > 0)
        {
            var lines = r.Recognition.Select(t => $"• {Mrkdwn.Escape(t.Name)}: {"star".ToQuantity(t.StarsGiven)} given, {"star".ToQuantity(t.StarsReceived)} received" + (t.NoStarsIn30Days ? " · _nobody received a star in 30 days_" : string.Empty));
            blocks.Add(new SectionBlock { Text = new Markdown(Mrkdwn.Truncate("*Recognition in the survey period*\n" + string.Join("\n", lines), 3000)) });
        }

        return blocks.Take(Block.MaxBlocksInMessage).ToList();
    }

    private static string TeamLine(TeamResult t) =>
        "• " + Mrkdwn.Escape(t.Name) + ": "
        + (t.Mean is { } mean ? string.Create(BotCulture.English, $"mean {mean:0.00}, {t.FavourablePercent:0}% favourable, ") : string.Empty)
        + string.Create(BotCulture.English, $"n={t.N}")
        + (t.Enps is { } te ? string.Create(BotCulture.English, $", eNPS {te.Score:+0;-0;0} (n={te.N})") : string.Empty);

    /// <summary>Which survey the question means are compared with (the one just before this).</summary>
    private static string Compared(PulseReportReady r) =>
        r.PreviousOpenedAt is { } p ? " Changes in the means are against the pulse of " + p.ToString("d MMM yyyy", BotCulture.English) + "." : string.Empty;

    /// <summary>"(+5 since 3 Mar 2026)": eNPS is compared with the last survey that asked it, so it names that one.</summary>
    private static string EnpsChange(EnpsResult e) =>
        e is { Change: { } c, ChangeSince: { } since } ? $" ({c.ToString("+0;-0;±0", BotCulture.English)} since {since.ToString("d MMM yyyy", BotCulture.English)})" : string.Empty;

    private static string Change(double? change, string format) =>
        change is { } c ? " (" + c.ToString("+" + format + ";-" + format + ";±0", BotCulture.English) + ")" : string.Empty;

    /// <summary>The export: the same figures as <see cref="Results"/>, one row each.</summary>
    public static byte[] Csv(PulseReportReady r)
    {
        var rows = new List<PulseCsvRow>
        {
            new() { Section = "response_rate", N = r.Responses, Value = Round(r.ResponseRatePercent), Detail = $"{r.Responses} of {r.Delivered}" },
        };
        rows.AddRange(r.Questions.Select(q => new PulseCsvRow
        {
            Section = "question", Question = q.Statement, N = q.N, Value = Round(q.Mean), Favourable = Round(q.FavourablePercent),
            Change = q.MeanChange is { } c ? Round(c) : null, Detail = string.Join(' ', q.Distribution.Select((n, i) => $"{i + 1}:{n}")),
        }));
        if (r.Enps is { } e)
        {
            rows.Add(new PulseCsvRow { Section = "enps", N = e.N, Value = Round(e.Score), Change = e.Change is { } c ? Round(c) : null, Detail = $"promoters:{e.Promoters} passives:{e.Passives} detractors:{e.Detractors}" + (e.ChangeSince is { } since ? " change_since:" + since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty) });
        }

        rows.AddRange(r.Teams.Select(t => new PulseCsvRow { Section = "team", Team = t.Name, N = t.N, Value = t.Mean is { } mean ? Round(mean) : null, Favourable = t.FavourablePercent is { } f ? Round(f) : null, Detail = t.Enps is { } te ? string.Create(CultureInfo.InvariantCulture, $"enps:{Round(te.Score)} enps_n:{te.N}") : null }));
        rows.AddRange(r.Comments.Select(c => new PulseCsvRow { Section = "comment", Detail = c }));
        rows.AddRange(r.Recognition.Select(t => new PulseCsvRow { Section = "recognition", Team = t.Name, Detail = $"given:{t.StarsGiven} received:{t.StarsReceived}" + (t.NoStarsIn30Days ? " no_stars_30_days" : string.Empty) }));

        // The shared export configuration: formula-like text cells (a comment starting with "=") open as text.
        return Rendering.Csv.Write(csv =>
        {
            csv.WriteRecord(["section", "team", "question", "n", "value", "favourable_percent", "change", "detail"]);
            foreach (var row in rows)
            {
                csv.WriteField(row.Section);
                csv.WriteField(row.Team ?? string.Empty);
                csv.WriteField(row.Question ?? string.Empty);
                csv.WriteField(row.N, default);
                csv.WriteField(row.Value, default);
                csv.WriteField(row.Favourable, default);
                csv.WriteField(row.Change, default);
                csv.WriteField(row.Detail ?? string.Empty);
                csv.EndRecord();
            }
        });
    }

    private static double Round(double value) => Math.Round(value, 2);

    public static IList<Block> Help() =>
    [
        new SectionBlock { Text = new Markdown("*/pulse* (HR only)\n• `/pulse results [latest|previous|YYYY-MM-DD]`: results of a closed pulse\n• `/pulse export`: the same results as a CSV, sent to you in a DM\n• `/pulse trends [months]`: charts of eNPS and % favourable over the last months (12 unless you say), and recognition beside engagement per team, sent to you in a DM with their CSV\n• `/pulse send-now`: open a pulse now\n• `/pulse close`: close the open pulse now (its results, then every survey DM says it has closed)") },
    ];

    /// <summary>Said beside the results while a pulse is open: its figures come only when it closes.</summary>
    public static string OpenNotice(DateTime closesAt) =>
        $"A pulse is open until {When(closesAt)}; its results are shown once it closes.";

    public static string Opened(DateTime closesAt) =>
        $"Opened a pulse: the DMs go out over the next minutes. It closes {When(closesAt)} (or earlier with `/pulse close`).";

    public static string AlreadyOpen(DateTime closesAt) =>
        $"A pulse is already open, closing {When(closesAt)}, so no new one was opened. `/pulse close` closes it now.";

    public const string NothingToClose = "No pulse is open, so there is nothing to close.";

    /// <summary>The answer to <c>/pulse close</c>: what happens now, and how long the DM clean-up takes.</summary>
    public static string Closing(DateTime openedAt, int dms, int perMinute)
    {
        var minutes = perMinute > 0 ? (int)Math.Ceiling((double)dms / perMinute) : 0;
        var duration = minutes > 1 ? string.Create(BotCulture.English, $" (about {minutes} minutes for {dms} people: Slack lets the bot update about {perMinute} messages a minute)") : string.Empty;
        return $"Closing the pulse that opened {openedAt.ToString("d MMM", BotCulture.English)}. Its results are ready with `/pulse results` in a moment; every survey DM is then changed to say the pulse has closed{duration}.";
    }

    /// <summary>A sentence for someone who is not HR, fitting what they tried.</summary>
    public static string Refusal(string verb) => verb switch
    {
        "results" => PulseCommand.RefusalText,
        "export" => "Sorry, only HR can export pulse results. Your own answers stay anonymous: nobody can see who answered what.",
        "send-now" => "Sorry, only HR can open a pulse.",
        "trends" => "Sorry, only HR can see pulse trends. Your own answers stay anonymous: nobody can see who answered what.",
        "close" => "Sorry, only HR can close a pulse.",
        _ => "The /pulse commands are for HR. Your own answers stay anonymous: nobody can see who answered what.",
    };

    /// <summary>Why no CSV was sent, as one sentence ("No export: no pulse has closed yet, …").</summary>
    public static string NoExport(string reason) =>
        "No export: " + (reason.Length > 1 && char.IsUpper(reason[0]) && !char.IsUpper(reason[1]) ? char.ToLowerInvariant(reason[0]) + reason[1..] : reason);

    /// <summary>The months a trend covers, "Jan 2026 to Dec 2026".</summary>
    public static string TrendPeriod(PulseTrendSeries series) =>
        series.FromMonth.ToString("MMM yyyy", BotCulture.English) + " to " + series.ToMonth.ToString("MMM yyyy", BotCulture.English);

    public static string NoTrends(int months) =>
        string.Create(BotCulture.English, $"No trends yet: no pulse has closed and no team has stars in the last {"month".ToQuantity(months)}.");

    public const string TrendsUsage = "Try `/pulse trends` (the last 12 months) or `/pulse trends 6`: a number of months from 1 to 36.";

    public static string TrendsQueued(int months) =>
        string.Create(BotCulture.English, $"Preparing the trends of the last {"month".ToQuantity(months)}: I'll send the charts and their CSV to you in a DM.");

    /// <summary>The message with the first chart: what it shows and what it leaves out.</summary>
    public static string TrendsComment(PulseTrendSeries series)
    {
        var withheld = series.Surveys.Count(s => !s.Shown);
        var text = string.Create(BotCulture.English, $"Pulse trends, {TrendPeriod(series)}: {"closed pulse".ToQuantity(series.Surveys.Count)}.");
        return withheld == 0 ? text : text + string.Create(BotCulture.English, $" {"pulse".ToQuantity(withheld)} had too few responses to show and {(withheld == 1 ? "has" : "have")} no point; hidden statements, eNPS and team rows are left out as in the results.");
    }

    /// <summary>The trend series as CSV: the same numbers as the charts, nothing more.</summary>
    public static byte[] TrendsCsv(PulseTrendSeries series) => Rendering.Csv.Write(csv =>
    {
        csv.WriteRecord(["section", "date", "team", "question", "n", "value"]);
        foreach (var survey in series.Surveys)
        {
            var date = survey.OpenedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!survey.Shown)
            {
                Row(csv, "withheld", date, null, null, null, null);
                continue;
            }

            Row(csv, "responses", date, null, null, survey.N, survey.N);
            if (survey.Enps is { } enps)
            {
                Row(csv, "enps", date, null, null, survey.EnpsN, Round(enps));
            }

            for (var i = 0; i < series.Statements.Count; i++)
            {
                if (survey.FavourablePercent[i] is { } favourable)
                {
                    Row(csv, "favourable_percent", date, null, series.Statements[i], null, Round(favourable));
                }
            }
        }

        foreach (var team in series.Teams)
        {
            var month = team.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            Row(csv, "stars_given", month, team.Name, null, null, team.StarsGiven);
            Row(csv, "stars_received", month, team.Name, null, null, team.StarsReceived);
            if (team.EngagementPercent is { } engagement)
            {
                Row(csv, "team_favourable_percent", month, team.Name, null, null, Round(engagement));
            }
        }

        static void Row(CsvHelper.CsvWriter csv, string section, string date, string? team, string? question, int? n, double? value)
        {
            csv.WriteField(section);
            csv.WriteField(date);
            csv.WriteField(team ?? string.Empty);
            csv.WriteField(question ?? string.Empty);
            csv.WriteField(n, default);
            csv.WriteField(value, default);
            csv.EndRecord();
        }
    });
}

/// <summary>One CSV line of the export.</summary>
internal sealed class PulseCsvRow
{
    public string Section { get; set; } = string.Empty;

    public string? Team { get; set; }

    public string? Question { get; set; }

    public int? N { get; set; }

    public double? Value { get; set; }

    public double? Favourable { get; set; }

    public double? Change { get; set; }

    public string? Detail { get; set; }
}
