using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Features.Stars;

/// <summary>
/// The <c>FairPlay</c> section: the limits on the stars people give each other (a daily allowance, higher or lower for
/// some user groups, and a monthly cap per pair) and the thresholds of the reciprocity audit. Its first two settings
/// used to live under <c>Wins</c>; <see cref="FairPlayOldNames"/> still reads them there when the <c>FairPlay</c> key is
/// not set. The per-win limits (<c>Wins:MaxCreditsPerWin</c>, <c>Wins:MaxPaidWinsPerDay</c>) are the wins section's,
/// applied by <see cref="FairPlay"/> too.
/// </summary>
internal sealed class FairPlayOptions
{
    public const string SectionName = "FairPlay";

    /// <summary>Stars a person may give per day, counted to their own local midnight (the company's when Slack has no zone for them).</summary>
    public int DailyGiveLimit { get; set; } = 5;

    /// <summary>Whether guests (multi- and single-channel) may give, earn and be credited with stars.</summary>
    public bool AllowGuests { get; set; }

    /// <summary>
    /// User group (ID <c>S…</c> or handle) → stars a member may give per day, instead of <see cref="DailyGiveLimit"/>
    /// (team leads who thank more people). In several such groups, the highest of their limits applies.
    /// </summary>
    public Dictionary<string, int> DailyGiveLimitByGroup { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Stars one person may give the same colleague in a calendar month (company time zone), cheers and credits together. 0: no cap.</summary>
    public int MaxStarsPerPairPerMonth { get; set; } = 10;

    /// <summary>The audit flags a pair (or each step of a ring of three) only when each gave at least this many stars in the month.</summary>
    public int ReciprocityMinStars { get; set; } = 5;

    /// <summary>
    /// The audit flags a pair when each gave the other at least this share (percent) of all the stars they gave in the
    /// month, and a ring of three when each gave the other two at least this share.
    /// </summary>
    public int ReciprocitySharePercent { get; set; } = 50;

    /// <summary>The key <see cref="DailyGiveLimit"/> was read from, so that a bad value is reported under the name that was set.</summary>
    internal string DailyGiveLimitKey { get; set; } = $"{SectionName}:{nameof(DailyGiveLimit)}";
}

/// <summary>
/// The names fair play's settings had before it had a section of its own: <c>Wins:DailyGiveLimit</c> and
/// <c>Wins:AllowGuests</c>. Each is honoured while its <c>FairPlay</c> key is not set; when both are set the new
/// name wins. Runs before the <c>FairPlay</c> section is bound.
/// </summary>
internal sealed class FairPlayOldNames(IConfiguration configuration) : IConfigureOptions<FairPlayOptions>
{
    public const string DailyGiveLimit = "Wins:DailyGiveLimit";

    public const string AllowGuests = "Wins:AllowGuests";

    public void Configure(FairPlayOptions options)
    {
        if (OnlyOldNameSet(nameof(FairPlayOptions.DailyGiveLimit), DailyGiveLimit))
        {
            options.DailyGiveLimit = configuration.GetValue<int>(DailyGiveLimit);
            options.DailyGiveLimitKey = DailyGiveLimit;
        }

        if (OnlyOldNameSet(nameof(FairPlayOptions.AllowGuests), AllowGuests))
        {
            options.AllowGuests = configuration.GetValue<bool>(AllowGuests);
        }
    }

    private bool OnlyOldNameSet(string setting, string oldKey) =>
        string.IsNullOrEmpty(configuration[$"{FairPlayOptions.SectionName}:{setting}"]) && !string.IsNullOrEmpty(configuration[oldKey]);
}

internal sealed class FairPlayOptionsValidator : IValidateOptions<FairPlayOptions>
{
    public ValidateOptionsResult Validate(string? name, FairPlayOptions options)
    {
        if (options.DailyGiveLimit is < 1 or > 1000)
        {
            return Fail(options.DailyGiveLimitKey, "use a number of stars from 1 to 1000");
        }

        foreach (var (group, limit) in options.DailyGiveLimitByGroup)
        {
            var key = $"{FairPlayOptions.SectionName}:{nameof(FairPlayOptions.DailyGiveLimitByGroup)}:{group}";
            if (string.IsNullOrWhiteSpace(group) || group.Any(char.IsWhiteSpace))
            {
                return Fail($"{FairPlayOptions.SectionName}:{nameof(FairPlayOptions.DailyGiveLimitByGroup)}", "each key is a user group ID (S0123ABC) or handle (team-leads), without spaces");
            }

            if (limit is < 1 or > 1000)
            {
                return Fail(key, "use a number of stars from 1 to 1000 for the group's daily limit");
            }
        }

        if (options.MaxStarsPerPairPerMonth is < 0 or > 10_000)
        {
            return Fail($"{FairPlayOptions.SectionName}:{nameof(FairPlayOptions.MaxStarsPerPairPerMonth)}", "use a number of stars from 1 to 10000, or 0 for no monthly cap per pair");
        }

        if (options.ReciprocityMinStars is < 1 or > 10_000)
        {
            return Fail($"{FairPlayOptions.SectionName}:{nameof(FairPlayOptions.ReciprocityMinStars)}", "use a number of stars from 1 to 10000");
        }

        return options.ReciprocitySharePercent is < 1 or > 100
            ? Fail($"{FairPlayOptions.SectionName}:{nameof(FairPlayOptions.ReciprocitySharePercent)}", "use a percentage from 1 to 100 (50: each gave the other at least half of their stars)")
            : ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult Fail(string key, string expectation) => ValidateOptionsResult.Fail(ConfigurationProblem.Malformed(key, expectation));
}
