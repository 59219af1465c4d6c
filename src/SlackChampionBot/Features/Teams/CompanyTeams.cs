namespace SlackChampionBot.Features.Teams;

/// <summary>
/// The user groups that define the company's teams (<c>Leaderboards:Teams</c>: IDs or handles). Used by team league
/// tables and by the pulse survey's per-team rows; membership comes from <see cref="UserGroupDirectory"/>.
/// </summary>
internal sealed class CompanyTeams(IConfiguration configuration)
{
    public const string ConfigurationKey = "Leaderboards:Teams";

    public IReadOnlyList<string> GroupReferences =>
        configuration.GetSection(ConfigurationKey).Get<string[]>()?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToArray() ?? [];
}
