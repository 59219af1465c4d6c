using System.Globalization;
using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// The <c>Pulse</c> section. The pulse is <b>enabled when <see cref="Audience"/> is set</b>; with no audience the
/// bot starts without it (no survey is ever opened) and only <see cref="AnonymityThreshold"/> is checked.
/// </summary>
internal sealed class PulseOptions
{
    public const string SectionName = "Pulse";

    /// <summary>The lowest threshold anyone may configure: below 3, a team's answers are too easy to attribute.</summary>
    public const int MinimumThreshold = 3;

    public static readonly string[] DefaultQuestions =
    [
        "I feel my work is recognised.",
        "I know what is expected of me at work.",
        "I would recommend my team's way of working to a colleague.",
        "I have what I need to do a good job for our customers.",
    ];

    /// <summary>A channel ID (<c>C…</c>/<c>G…</c>) or a user group (ID or handle). Empty: the pulse is off.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The days a survey may open on (company calendar; at most every <see cref="EveryWeeks"/>). Only its days count:
    /// each person gets the survey at <see cref="LocalSendTime"/> on that date in their own time zone.
    /// </summary>
    public string Cron { get; set; } = "0 10 * * TUE";

    /// <summary>The local time ("HH:mm", 08:00-17:59) each person gets the survey at on the opening day, in their own Slack time zone.</summary>
    public string LocalSendTime { get; set; } = "10:00";

    /// <summary><see cref="LocalSendTime"/> parsed (validated at start).</summary>
    public TimeOnly SendTime => TimeOnly.TryParseExact(LocalSendTime?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : new TimeOnly(10, 0);

    /// <summary>A new survey opens at most every this many weeks.</summary>
    public int EveryWeeks { get; set; } = 2;

    public int OpenDays { get; set; } = 3;

    /// <summary>The one reminder goes this long after opening, to those who have not answered.</summary>
    public int ReminderAfterHours { get; set; } = 24;

    /// <summary>3-5 agreement statements, answered 1 (strongly disagree) to 5 (strongly agree).</summary>
    public List<string> Questions { get; set; } = [];

    /// <summary>Every n-th survey also asks the eNPS question (0-10); 0 never asks it.</summary>
    public int EnpsEverySurveys { get; set; } = 2;

    public bool AllowComment { get; set; } = true;

    /// <summary>No result is shown for any group with fewer responses. Never below 3.</summary>
    public int AnonymityThreshold { get; set; } = 5;

    /// <summary>A user group whose members may read results.</summary>
    public string? HrGroup { get; set; }

    /// <summary>User IDs who may read results.</summary>
    public List<string> Hr { get; set; } = [];

    /// <summary>
    /// No longer used: each survey now keys its participation records with its own random salt, kept only in the survey
    /// row and destroyed at close, so that neither this configuration nor a backup taken after close can link a person
    /// to a response. Still read (and never required) so that an old configuration starts; a survey opened by an older
    /// version, which has no salt of its own, finishes with it. Start-up logs that it can go.
    /// </summary>
    public string? ResponseSalt { get; set; }

    /// <summary>
    /// The bot's own bound on survey DMs per minute, on top of the Web API client's pacing (chat.postMessage's
    /// workspace-wide limit, which backs off on 429s); 0 (the default) = the client's pacing only.
    /// </summary>
    public int DmsPerMinute { get; set; }

    /// <summary>How many DMs may be in flight at once (enough to keep the workspace limit busy over a slow link).</summary>
    public int SendConcurrency { get; set; } = 8;

    /// <summary>
    /// After close, survey DMs updated to the closed text (and reminders deleted) per minute. chat.update and
    /// chat.delete are Tier 3 (about 50 a minute); the default leaves room for the bot's other updates. 0 = rely on the
    /// Web API client's pacing.
    /// </summary>
    public int CloseUpdatesPerMinute { get; set; } = 40;

    /// <summary>How often the pulse tick checks the database for sending, the reminder and closing.</summary>
    public string TickCron { get; set; } = "* * * * *";

    public bool Enabled => !string.IsNullOrWhiteSpace(Audience);

    /// <summary>The configured statements, or the defaults when none are configured.</summary>
    public IReadOnlyList<string> EffectiveQuestions =>
        Questions.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).ToArray() is { Length: > 0 } configured ? configured : DefaultQuestions;

    public bool IsChannelAudience => Audience is { } a && a.Trim() is { Length: > 1 } t && (t[0] == 'C' || t[0] == 'G') && t.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}

internal sealed class PulseOptionsValidator : IValidateOptions<PulseOptions>
{
    public ValidateOptionsResult Validate(string? name, PulseOptions options)
    {
        var problem = FindProblem(options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    private static string? FindProblem(PulseOptions o)
    {
        // Checked even when the pulse is off: a low threshold must never sit in configuration waiting to be enabled.
        if (o.AnonymityThreshold < PulseOptions.MinimumThreshold)
        {
            return ConfigurationProblem.Malformed("Pulse:AnonymityThreshold", $"use {PulseOptions.MinimumThreshold} or more (default 5): with fewer responses per group, answers could be traced to people");
        }

        if (!o.Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(o.HrGroup) && o.Hr.All(string.IsNullOrWhiteSpace))
        {
            return ConfigurationProblem.Missing("Pulse:HrGroup", "the user group allowed to read results (or list user IDs in Pulse:Hr), because Pulse:Audience is set");
        }

        if (o.Hr.FirstOrDefault(h => !string.IsNullOrWhiteSpace(h) && !Mrkdwn.IsUserId(h.Trim())) is not null)
        {
            return ConfigurationProblem.Malformed("Pulse:Hr", "list Slack user IDs such as U0123ABCD");
        }

        var questions = o.Questions.Where(q => !string.IsNullOrWhiteSpace(q)).ToList();
        if (questions.Count > 0 && questions.Count is < 3 or > 5)
        {
            return ConfigurationProblem.Malformed("Pulse:Questions", "list 3 to 5 agreement statements (or none, for the defaults)");
        }

        if (questions.Any(q => q.Length > 150))
        {
            return ConfigurationProblem.Malformed("Pulse:Questions", "keep each statement to 150 characters");
        }

        if (o.EveryWeeks < 1)
        {
            return ConfigurationProblem.Malformed("Pulse:EveryWeeks", "use 1 or more");
        }

        if (o.OpenDays < 1)
        {
            return ConfigurationProblem.Malformed("Pulse:OpenDays", "use 1 or more");
        }

        if (o.OpenDays > o.EveryWeeks * 7)
        {
            return ConfigurationProblem.Malformed("Pulse:OpenDays", "keep a survey open no longer than Pulse:EveryWeeks weeks");
        }

        if (o.ReminderAfterHours < 1 || o.ReminderAfterHours >= o.OpenDays * 24)
        {
            return ConfigurationProblem.Malformed("Pulse:ReminderAfterHours", "use at least 1 and less than Pulse:OpenDays × 24 hours");
        }

        if (!TimeOnly.TryParseExact(o.LocalSendTime?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var sendTime)
            || sendTime < PulseSchedule.WindowStart || sendTime >= PulseSchedule.WindowEnd || sendTime.Second != 0)
        {
            return ConfigurationProblem.Malformed("Pulse:LocalSendTime", "use a local time from 08:00 to 17:59 such as \"10:00\" (surveys never reach anyone outside 08:00-18:00 their time)");
        }

        if (o.EnpsEverySurveys < 0)
        {
            return ConfigurationProblem.Malformed("Pulse:EnpsEverySurveys", "use 0 (never) or 1 or more");
        }

        if (o.DmsPerMinute < 0)
        {
            return ConfigurationProblem.Malformed("Pulse:DmsPerMinute", "use 0 (no own limit) or more");
        }

        if (o.SendConcurrency is < 1 or > 16)
        {
            return ConfigurationProblem.Malformed("Pulse:SendConcurrency", "use 1 to 16");
        }

        if (o.CloseUpdatesPerMinute < 0)
        {
            return ConfigurationProblem.Malformed("Pulse:CloseUpdatesPerMinute", "use 0 (the client's pacing only) or more");
        }

        return CronSchedule.Validate("Pulse:Cron", o.Cron) ?? CronSchedule.Validate("Pulse:TickCron", o.TickCron);
    }
}
