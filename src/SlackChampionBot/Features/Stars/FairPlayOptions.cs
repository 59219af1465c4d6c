using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Features.Stars;

/// <summary>
/// The <c>FairPlay</c> section: the limits on the stars people give each other, the home of every fair-play limit
/// (a per-pair monthly cap and per-group daily limits belong here too). Its first two settings used to live under
/// <c>Wins</c>; <see cref="FairPlayOldNames"/> still reads them there when the <c>FairPlay</c> key is not set.
/// </summary>
internal sealed class FairPlayOptions
{
    public const string SectionName = "FairPlay";

    /// <summary>Stars a person may give per day, counted to their own local midnight (the company's when Slack has no zone for them).</summary>
    public int DailyGiveLimit { get; set; } = 5;

    /// <summary>Whether guests (multi- and single-channel) may give, earn and be credited with stars.</summary>
    public bool AllowGuests { get; set; }

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
    public ValidateOptionsResult Validate(string? name, FairPlayOptions options) =>
        options.DailyGiveLimit is < 1 or > 1000
            ? ValidateOptionsResult.Fail(ConfigurationProblem.Malformed(options.DailyGiveLimitKey, "use a number of stars from 1 to 1000"))
            : ValidateOptionsResult.Success;
}
