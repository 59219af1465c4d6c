using System.Globalization;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Hosting;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

/// <summary>
/// <c>/stars mydata</c> (anyone: their own data), <c>/stars export [from] [to]</c> and <c>/stars audit [month]</c> (HR
/// and data admins), <c>/stars forget @person [confirm]</c> (data admins). Reached through <see cref="StarsCommand"/>,
/// which owns <c>/stars</c>. Roles are checked live (<see cref="Roles"/>); files and erasure run in the background and
/// answer in a DM, because Slack wants the command's answer within 3 seconds.
/// </summary>
internal sealed class StarsDataCommand(
    Roles roles,
    FairPlayAudit audit,
    IBackgroundJobs jobs,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time)
{
    public const string Export = "export";
    public const string AuditVerb = "audit";
    public const string MyDataVerb = "mydata";
    public const string Forget = "forget";

    public static bool Handles(string verb) => verb.ToLowerInvariant() is Export or AuditVerb or MyDataVerb or Forget or "my-data";

    public async Task<SlashCommandResponse> Handle(SlashCommand command, string verb, string argument)
    {
        var ct = CancellationToken.None;
        switch (verb.ToLowerInvariant())
        {
            case MyDataVerb or "my-data":
                jobs.Enqueue<DataJobs>(data => data.SendMyData(command.TeamId, command.UserId, CancellationToken.None));
                return SlashCommandResponse.Ephemeral(DataBlocks.MyDataQueued);

            case Export:
                if (!await roles.MayReadStarLedger(command.TeamId, command.UserId, ct))
                {
                    return SlashCommandResponse.Ephemeral(DataBlocks.LedgerRefused);
                }

                if (LedgerRange.Parse(argument, scheduling.Value.Calendar, time.GetUtcNow().UtcDateTime) is not { } range)
                {
                    return SlashCommandResponse.Ephemeral(LedgerRange.Usage);
                }

                jobs.Enqueue<DataJobs>(data => data.SendExport(command.TeamId, command.UserId, range, CancellationToken.None));
                return SlashCommandResponse.Ephemeral(DataBlocks.ExportQueued(range));

            case AuditVerb:
                if (!await roles.MayReadStarLedger(command.TeamId, command.UserId, ct))
                {
                    return SlashCommandResponse.Ephemeral(DataBlocks.LedgerRefused);
                }

                var calendar = scheduling.Value.Calendar;
                if (ChampionMonth.Parse(argument, ChampionMonth.Of(time.GetUtcNow().UtcDateTime, calendar)) is not { } month)
                {
                    return SlashCommandResponse.Ephemeral("Usage: `/stars audit [month]`, e.g. `/stars audit 2026-11`, `/stars audit last`; this month when you give none.");
                }

                var report = await audit.Build(command.TeamId, calendar.Month(new DateOnly(month.Year, month.Month, 1)), ct);
                return SlashCommandResponse.Ephemeral("Fair-play audit, " + month.Name, DataBlocks.Audit(report));

            default:
                return await HandleForget(command, argument, ct);
        }
    }

    private async Task<SlashCommandResponse> HandleForget(SlashCommand command, string argument, CancellationToken ct)
    {
        if (!await roles.IsDataAdmin(command.TeamId, command.UserId, ct))
        {
            return SlashCommandResponse.Ephemeral(DataBlocks.ForgetRefused);
        }

        var words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var person = words.Length is 1 or 2 ? StarsCommand.ParseUser(words[0]) : null;
        var confirmed = words.Length == 2 && string.Equals(words[1], "confirm", StringComparison.OrdinalIgnoreCase);
        if (person is null || (words.Length == 2 && !confirmed) || People.ErasedPeople.IsPseudonym(person))
        {
            return SlashCommandResponse.Ephemeral(DataBlocks.ForgetUsage);
        }

        if (!confirmed)
        {
            return SlashCommandResponse.Ephemeral(DataBlocks.ForgetConfirm(person));
        }

        jobs.Enqueue<DataJobs>(data => data.Forget(command.TeamId, command.UserId, person, CancellationToken.None));
        return SlashCommandResponse.Ephemeral(DataBlocks.ForgetQueued(person));
    }
}

/// <summary>
/// The dates <c>/stars export</c> covers, in the company time zone, both ends included: nothing (this month), a month
/// (<c>2026-11</c>, <c>november</c>, <c>last</c>), a day (<c>2026-11-03</c>: from then to today), or two of these (from
/// the start of the first to the end of the second).
/// </summary>
internal static class LedgerRange
{
    public const string Usage =
        "Usage: `/stars export [from] [to]`: dates such as `2026-11-01 2026-11-30` (company time zone, both days included), " +
        "one date (from then to today), or a month: `2026-11`, `november`, `last`. This month when you give none.";

    public static LocalDates? Parse(string? text, CompanyCalendar calendar, DateTime nowUtc)
    {
        var today = calendar.LocalDate(nowUtc);
        var current = new ChampionMonth(today.Year, today.Month);
        var value = (text ?? string.Empty).Trim();
        if (ChampionMonth.Parse(value, current) is { } month)
        {
            return calendar.Between(First(month), First(month.Next));
        }

        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var from = words.Length is 1 or 2 ? Part(words[0], current) : null;
        var to = words.Length == 2 ? Part(words[1], current) : (today, today.AddDays(1)); // one date: from then to today
        if (from is null || to is null || to.Value.End <= from.Value.Start)
        {
            return null;
        }

        return calendar.Between(from.Value.Start, to.Value.End);
    }

    private static DateOnly First(ChampionMonth month) => new(month.Year, month.Month, 1);

    /// <summary>A date (that day) or a month (all of it).</summary>
    private static (DateOnly Start, DateOnly End)? Part(string word, ChampionMonth current) =>
        DateOnly.TryParseExact(word, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? (day, day.AddDays(1))
        : ChampionMonth.Parse(word, current) is { } month ? (First(month), First(month.Next))
        : null;
}
