using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Humanizer;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Rendering;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

/// <summary>Everything the data feature says: command answers, the audit, the ledger CSV and a person's own data file.</summary>
internal static class DataBlocks
{
    public const string Usage =
        "Usage: `/stars mydata` sends you a file of everything I hold about you. For HR and data admins: " +
        "`/stars export [from] [to]` (dates such as 2026-11-01, both days included, or a month: `2026-11`, `last`), " +
        "`/stars audit [month]`. For data admins: `/stars forget @person`.";

    public const string LedgerRefused = "Sorry, the star ledger's export and audit are for HR and the data admins (`Data:Admins`).";

    public const string ForgetRefused = "Sorry, only the data admins (`Data:Admins`) can erase a person.";

    public const string ForgetUsage = "Usage: `/stars forget @person`: pick the person from Slack's @ list so I get their ID.";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for a person to read: "’" and "é" as themselves
    };

    /// <summary>"1–30 November 2026", "3 November 2026", "28 October – 3 November 2026".</summary>
    public static string Range(LocalDates range)
    {
        var first = range.Start;
        var last = range.End.AddDays(-1);
        if (first == last)
        {
            return first.ToString("d MMMM yyyy", BotCulture.English);
        }

        if (first.Year != last.Year)
        {
            return $"{first.ToString("d MMMM yyyy", BotCulture.English)} – {last.ToString("d MMMM yyyy", BotCulture.English)}";
        }

        return first.Month == last.Month
            ? $"{first.Day}–{last.ToString("d MMMM yyyy", BotCulture.English)}"
            : $"{first.ToString("d MMMM", BotCulture.English)} – {last.ToString("d MMMM yyyy", BotCulture.English)}";
    }

    public static string ExportQueued(LocalDates range) => $"Preparing the star ledger for {Range(range)}: I'll send the CSV to you in a DM.";

    public const string MyDataQueued = "Gathering everything I hold about you: I'll send it to you in a DM as a file.";

    public static string ForgetConfirm(string userId) =>
        $"This erases {Mrkdwn.User(userId)} for good: their win texts, nomination reasons, name and directory entry go, and their stars leave the boards. " +
        $"The ledger keeps their stars under a pseudonym, so everyone else's totals stay as they are. It cannot be undone. To go ahead, run `/stars forget <@{userId}> confirm`.";

    public static string ForgetQueued(string userId) => $"Erasing {Mrkdwn.User(userId)}: I'll DM you when it's done.";

    public static string Erased(string userId, ErasureResult result) => result.NothingHeld
        ? $"I held nothing about {Mrkdwn.User(userId)}, so there was nothing to erase."
        : $"Done: {Mrkdwn.User(userId)} is erased. {"ledger row".ToQuantity(result.LedgerRows)} {Verb(result.LedgerRows, "now carries", "now carry")} a pseudonym, " +
          $"{"text".ToQuantity(result.WinsBlanked)} of theirs {Verb(result.WinsBlanked, "was", "were")} blanked, " +
          $"{"text".ToQuantity(result.TextsEdited)} mentioning them now {Verb(result.TextsEdited, "says", "say")} \"{PersonEraser.MentionReplacement}\", " +
          $"and {"row".ToQuantity(result.RowsDeleted)} about them {Verb(result.RowsDeleted, "was", "were")} deleted. " +
          "Their stars have left the boards; everyone else's totals are unchanged. Backups taken before now still hold their data.";

    private static string Verb(int count, string one, string many) => count == 1 ? one : many;

    public const string WorkFailed = "Sorry, that didn't work (Slack or the database said no). Please try again in a moment.";

    /// <summary>A person in an answer only the asker sees: a mention (it notifies nobody), or "a former colleague".</summary>
    private static string Person(string userId) =>
        ErasedPeople.IsPseudonym(userId) ? "_" + ErasedPeople.DisplayName + "_" : Mrkdwn.IsUserId(userId) ? Mrkdwn.User(userId) : Mrkdwn.Escape(userId);

    /// <summary>The audit, for the asker only.</summary>
    public static IList<Block> Audit(FairPlayAuditReport report)
    {
        var month = report.Month.Start.ToString("MMMM yyyy", BotCulture.English);
        var blocks = new List<Block>
        {
            new HeaderBlock { Text = new PlainText($"Fair-play audit: {month}") },
        };

        var pairs = report.Pairs.Select(p =>
            $"• {Person(p.A)} ⇄ {Person(p.B)}: {p.AToB} of {p.AGave} stars one way, {p.BToA} of {p.BGave} back");
        blocks.Add(Section($"*Pairs who mostly star each other* (each gave the other at least {report.MinStars} stars and {report.SharePercent}% of the stars they gave)", pairs, "None."));

        var rings = report.Rings.Select(r =>
            $"• {string.Join(" → ", r.Members.Append(r.Members[0]).Select(Person))}: {string.Join(", ", r.StepStars)} stars");
        blocks.Add(Section("*Rings of three*", rings, "None."));

        blocks.Add(Section("*Gave the most stars*", report.TopGivers.Select((s, i) => $"{i + 1}. {Person(s.UserId)}: {s.Stars}"), "Nobody gave a star."));
        blocks.Add(Section("*Received the most stars from colleagues*", report.TopReceivers.Select((s, i) => $"{i + 1}. {Person(s.UserId)}: {s.Stars}"), "Nobody received a star."));

        var asOf = report.QuietAsOfUtc.ToString("d MMM", BotCulture.English);
        blocks.Add(Section(
            $"*Teams that received no star in the 30 days to {asOf}*",
            report.QuietTeams.Select(t => "• " + Mrkdwn.EscapeAndTruncate(t.Name, 100)),
            "None: every team received a star."));
        blocks.Add(new ContextBlock
        {
            Elements =
            [
                new ContextText(
                    $"{"star".ToQuantity(report.Gifts)} given between colleagues this month (cheers and credits). Flagged means worth a look, not wrong: " +
                    "close colleagues thank each other. Nothing is blocked; the thresholds are FairPlay:ReciprocityMinStars and FairPlay:ReciprocitySharePercent."),
            ],
        });
        return blocks;
    }

    private static SectionBlock Section(string title, IEnumerable<string> lines, string none)
    {
        var body = lines.ToList();
        var text = title + "\n" + (body.Count == 0 ? none : string.Join("\n", body));
        return new SectionBlock { Text = new Markdown(Mrkdwn.Truncate(text, 3000)) };
    }

    public static string LedgerFileName(LocalDates range) =>
        string.Create(CultureInfo.InvariantCulture, $"star-ledger-{range.Start:yyyy-MM-dd}-to-{range.End.AddDays(-1):yyyy-MM-dd}.csv");

    public static string LedgerTitle(LocalDates range) => "Star ledger, " + Range(range);

    public static string LedgerComment(LedgerExport export) =>
        $"Here is the star ledger for {Range(export.Range)} ({export.Zone.Id} time): {"entry".ToQuantity(export.Entries.Count)}, and {"refusal".ToQuantity(export.Refusals.Sum(r => r.Count))} by the fair-play limits.";

    /// <summary>
    /// The ledger as CSV: one row per entry (<c>record</c> = <c>entry</c>), then one per giver, receiver and rule that a
    /// fair-play limit stopped (<c>record</c> = <c>refusals</c>, with the count). Text cells go through the shared CSV
    /// rules, so a customer or name such as <c>=HYPERLINK(…)</c> opens as text.
    /// </summary>
    public static byte[] LedgerCsv(LedgerExport export)
    {
        string Name(string? id) => id is null ? string.Empty : export.Names.TryGetValue(id, out var name) ? name : id;
        return Csv.Write(csv =>
        {
            csv.WriteRecord(
            [
                "record", "entry_id", "created_at_utc", "date", "giver_id", "giver", "receiver_id", "receiver", "stars", "reason",
                "reverses_entry_id", "reversed_by_entry_id", "win_id", "win_link", "customer", "lifecycle_stage", "experience", "kpi", "win_deleted", "count",
            ]);
            foreach (var row in export.Entries)
            {
                csv.WriteField("entry");
                csv.WriteField(row.EntryId, default);
                csv.WriteField(row.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                csv.WriteField(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(row.CreatedAt, export.Zone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(row.GiverId ?? string.Empty);
                csv.WriteField(Name(row.GiverId));
                csv.WriteField(row.ReceiverId);
                csv.WriteField(Name(row.ReceiverId));
                csv.WriteField(row.Stars, default);
                csv.WriteField(ReasonName(row.Reason));
                csv.WriteField(row.ReversesEntryId, default);
                csv.WriteField(row.ReversedByEntryId, default);
                csv.WriteField(row.WinId, default);
                csv.WriteField(row.WinLink ?? string.Empty);
                csv.WriteField(row.Customer is null ? string.Empty : Mrkdwn.Unescape(row.Customer));
                csv.WriteField(row.Stage is { } stage ? WinsBlocks.StageName(stage) : string.Empty);
                csv.WriteField(row.Experience is { } kind ? WinsBlocks.ExperienceName(kind) : string.Empty);
                csv.WriteField(row.Kpi is null ? string.Empty : Mrkdwn.Unescape(row.Kpi));
                csv.WriteField(row.WinId is null ? string.Empty : row.WinDeleted ? "yes" : "no");
                csv.WriteField(string.Empty);
                csv.EndRecord();
            }

            foreach (var refusal in export.Refusals)
            {
                csv.WriteField("refusals");
                csv.WriteField(string.Empty);
                csv.WriteField(string.Empty);
                csv.WriteField(string.Empty);
                csv.WriteField(refusal.GiverId);
                csv.WriteField(Name(refusal.GiverId));
                csv.WriteField(refusal.ReceiverId);
                csv.WriteField(Name(refusal.ReceiverId));
                csv.WriteField(refusal.Stars, default);
                csv.WriteField(RuleName(refusal.Rule));
                for (var i = 0; i < 9; i++)
                {
                    csv.WriteField(string.Empty);
                }

                csv.WriteField(refusal.Count, default);
                csv.EndRecord();
            }
        });
    }

    public static string ReasonName(StarReason reason) => reason switch
    {
        StarReason.Win => "win",
        StarReason.Credit => "credit",
        StarReason.Cheer => "cheer",
        StarReason.Reversal => "reversal",
        StarReason.Champion => "champion",
        _ => reason.ToString().ToLowerInvariant(),
    };

    public static string RuleName(StarRefusal rule) => rule switch
    {
        StarRefusal.DailyLimit => "daily_limit",
        StarRefusal.PairMonthlyLimit => "pair_monthly_limit",
        StarRefusal.CreditsPerWin => "credits_per_win",
        StarRefusal.PaidWinsPerDay => "paid_wins_per_day",
        _ => rule.ToString().ToLowerInvariant(),
    };

    public static string PersonalDataFileName(PersonalData data) =>
        string.Create(CultureInfo.InvariantCulture, $"my-champion-bot-data-{data.AsOfUtc:yyyy-MM-dd}.json");

    public static string PersonalDataComment(PersonalData data) =>
        $"Here is everything I hold about you: {"win".ToQuantity(data.WinsPosted.Count)} you posted, {"star".ToQuantity(data.StarsReceived.Count)} received and {"star".ToQuantity(data.StarsGiven.Count)} given (ledger rows), " +
        $"and {"title".ToQuantity(data.Titles.Count)}. Your pulse answers are not in it: they are stored without your name.";

    /// <summary>A person's own data as an indented JSON document, texts as they read in Slack (mentions as names).</summary>
    public static byte[] PersonalDataJson(PersonalData data)
    {
        string Name(string? id) => id is null ? string.Empty : data.Names.TryGetValue(id, out var name) ? name : id;
        string Text(string? slackText) => QuotedText.Plain(slackText, data.Names);
        static string? Utc(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        object WinOf(Win w) => new
        {
            Id = w.Id,
            PostedAt = Utc(w.CreatedAt),
            PostedBy = Name(w.PosterId),
            Channel = w.ChannelId,
            Link = w.Permalink,
            Text = w.Text.Length == 0 ? "(no longer kept)" : Text(w.Text),
            w.Customer,
            Stage = w.Stage is { } s ? WinsBlocks.StageName(s) : null,
            Experience = w.Experience is { } k ? WinsBlocks.ExperienceName(k) : null,
            w.Kpi,
            Credited = w.Credits.Select(c => Name(c.UserId)).ToList(),
            DeletedAt = Utc(w.DeletedAt),
        };

        object EntryOf(StarEntry e) => new
        {
            Id = e.Id,
            At = Utc(e.CreatedAt),
            Stars = e.Amount,
            Reason = ReasonName(e.Reason),
            From = e.GiverId is null ? null : Name(e.GiverId),
            To = Name(e.ReceiverId),
            WinId = e.WinId,
            ReversesEntryId = e.ReversesEntryId,
        };

        object NominationOf(ChampionNomination n) => new
        {
            Id = n.Id,
            At = Utc(n.CreatedAt),
            Month = n.Month,
            Manager = Name(n.ManagerId),
            Nominee = Name(n.NomineeId),
            Reason = Text(n.Reason),
            WithdrawnAt = Utc(n.WithdrawnAt),
        };

        var document = new
        {
            About = "Everything SlackChampionBot holds about you, as of " + Utc(data.AsOfUtc) + " (times in UTC). Slack keeps its own copy of your messages and profile; this is the bot's.",
            UserId = data.UserId,
            Profile = data.Profile is { } p ? new { p.DisplayName, p.TimeZone, Guest = p.IsGuest, Deactivated = p.IsDeleted, CopiedFromSlackAt = Utc(p.FetchedAt) } : null,
            PublicLeaderboards = data.OptOut is { } o ? "hidden since " + Utc(o.OptedOutAt) : "shown",
            Groups = data.Groups.Select(g => new { g.GroupId, g.Handle, g.Name }).ToList(),
            WinsPosted = data.WinsPosted.Select(WinOf).ToList(),
            WinsCreditedIn = data.WinsCreditedIn.Select(WinOf).ToList(),
            StarsReceived = data.StarsReceived.Select(EntryOf).ToList(),
            StarsGiven = data.StarsGiven.Select(EntryOf).ToList(),
            StarsRefusedByFairPlay = data.Refusals.Select(r => new { At = Utc(r.CreatedAt), To = Name(r.ReceiverId), Rule = RuleName(r.Rule), r.Stars, r.WinId }).ToList(),
            Titles = data.Titles.Select(t => new { t.Name, Kind = t.Kind.ToString(), GrantedAt = Utc(t.GrantedAt), From = Utc(t.PeriodStart), Until = Utc(t.PeriodEnd), RevokedAt = Utc(t.RevokedAt) }).ToList(),
            NominationsReceived = data.NominationsReceived.Select(NominationOf).ToList(),
            NominationsMade = data.NominationsMade.Select(NominationOf).ToList(),
            Pulse = new
            {
                Answers = "Not held about you: answers are stored without your name, and the record that stops a second answer is destroyed when a survey closes.",
                SurveyDms = data.PulseDms.Select(d => new { SurveyOpenedAt = Utc(d.SurveyOpenedAt), Delivery = d.Delivery.State.ToString() }).ToList(),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }
}
