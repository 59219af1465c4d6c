using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Features.Champions;

/// <summary>A star total that earns a title, e.g. 25 → "Customer Hero".</summary>
internal sealed class MilestoneOption
{
    public int Stars { get; set; }

    public string Title { get; set; } = string.Empty;
}

/// <summary>
/// The <c>Champions</c> section: who may nominate a Customer Champion, where nominations are announced, the limits,
/// and the milestone titles. With neither <see cref="ManagerGroup"/> nor <see cref="Managers"/> set nobody can
/// nominate (the bot says so in a start-up log line and in its answer to <c>/champion</c>).
/// </summary>
internal sealed class ChampionsOptions
{
    public const string SectionName = "Champions";

    /// <summary>Where the announce channel defaults from (the first wins channel).</summary>
    public const string WinsChannelsKey = "Wins:Channels";

    public static readonly IReadOnlyList<MilestoneOption> DefaultMilestones =
    [
        new() { Stars = 10, Title = "Rising Star" },
        new() { Stars = 25, Title = "Customer Hero" },
        new() { Stars = 50, Title = "Customer Legend" },
    ];

    /// <summary>A Slack user group (ID <c>S…</c> or handle) whose members are managers; synced at start-up and daily.</summary>
    public string? ManagerGroup { get; set; }

    /// <summary>User IDs who are managers as well as (or instead of) the group's members.</summary>
    public string[] Managers { get; set; } = [];

    /// <summary>User IDs who may revoke any title (managers may revoke only the nominations they made).</summary>
    public string[] Admins { get; set; } = [];

    /// <summary>Channel ID for announcements; empty means the first wins channel (<c>Wins:Channels:0</c>).</summary>
    public string? AnnounceChannel { get; set; }

    public int NominationsPerManagerPerMonth { get; set; } = 2;

    public int BonusStars { get; set; } = 5;

    public int MinimumReasonLength { get; set; } = 20;

    /// <summary>
    /// Configured milestones, or null for <see cref="DefaultMilestones"/> (null rather than a filled list because the
    /// configuration binder appends to a list's existing items).
    /// </summary>
    public List<MilestoneOption>? Milestones { get; set; }

    public IReadOnlyList<MilestoneOption> EffectiveMilestones => Milestones is { Count: > 0 } configured ? configured : DefaultMilestones;

    public bool AnyManagersConfigured => !string.IsNullOrWhiteSpace(ManagerGroup) || Managers.Any(m => !string.IsNullOrWhiteSpace(m));
}

/// <summary>Fills the announce channel from the first wins channel when it is not set.</summary>
internal sealed class ChampionsOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<ChampionsOptions>
{
    public void PostConfigure(string? name, ChampionsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AnnounceChannel))
        {
            options.AnnounceChannel = configuration.GetSection(ChampionsOptions.WinsChannelsKey).Get<string[]>()?.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        }

        options.AnnounceChannel = options.AnnounceChannel?.Trim();
        options.ManagerGroup = options.ManagerGroup?.Trim();
        options.Managers = options.Managers.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct().ToArray();
        options.Admins = options.Admins.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct().ToArray();
    }
}

internal sealed class ChampionsOptionsValidator : IValidateOptions<ChampionsOptions>
{
    public const int MaxTitleLength = 50;

    public ValidateOptionsResult Validate(string? name, ChampionsOptions options)
    {
        var problem = Problem(options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    private static string? Problem(ChampionsOptions options)
    {
        for (var i = 0; i < options.Managers.Length; i++)
        {
            if (!Mrkdwn.IsUserId(options.Managers[i]))
            {
                return ConfigurationProblem.Malformed($"Champions:Managers:{i}", "use Slack user IDs such as U0123ABCD (profile → ⋯ → Copy member ID)");
            }
        }

        for (var i = 0; i < options.Admins.Length; i++)
        {
            if (!Mrkdwn.IsUserId(options.Admins[i]))
            {
                return ConfigurationProblem.Malformed($"Champions:Admins:{i}", "use Slack user IDs such as U0123ABCD (profile → ⋯ → Copy member ID)");
            }
        }

        if (options.NominationsPerManagerPerMonth < 1)
        {
            return ConfigurationProblem.Malformed("Champions:NominationsPerManagerPerMonth", "use a whole number of at least 1");
        }

        if (options.BonusStars < 0)
        {
            return ConfigurationProblem.Malformed("Champions:BonusStars", "use a whole number of 0 or more");
        }

        if (options.MinimumReasonLength is < 0 or > 2000)
        {
            return ConfigurationProblem.Malformed("Champions:MinimumReasonLength", "use a whole number from 0 to 2000");
        }

        if (options.AnnounceChannel is { Length: > 0 } channel && (channel.Contains(' ', StringComparison.Ordinal) || channel.StartsWith('#')))
        {
            return ConfigurationProblem.Malformed("Champions:AnnounceChannel", "use a channel ID such as C0123ABCD (channel details → About → Channel ID)");
        }

        var milestones = options.Milestones ?? [];
        for (var i = 0; i < milestones.Count; i++)
        {
            var milestone = milestones[i];
            if (milestone.Stars < 1)
            {
                return ConfigurationProblem.Malformed($"Champions:Milestones:{i}:Stars", "use a whole number of stars of at least 1");
            }

            if (string.IsNullOrWhiteSpace(milestone.Title) || milestone.Title.Trim().Length > MaxTitleLength)
            {
                return ConfigurationProblem.Malformed($"Champions:Milestones:{i}:Title", $"give each milestone a title of 1 to {MaxTitleLength} characters");
            }

            if (i > 0 && milestone.Stars <= milestones[i - 1].Stars)
            {
                return ConfigurationProblem.Malformed($"Champions:Milestones:{i}:Stars", "list milestones with strictly increasing star totals (e.g. 10, 25, 50)");
            }

            if (milestones.Take(i).Any(m => string.Equals(m.Title.Trim(), milestone.Title.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                return ConfigurationProblem.Malformed($"Champions:Milestones:{i}:Title", "give each milestone a different title");
            }
        }

        return null;
    }
}
