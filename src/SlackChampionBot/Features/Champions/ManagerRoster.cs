using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// Who is a manager: a member of <c>Champions:ManagerGroup</c> (as last synced from Slack by UserGroupSync) or listed
/// in <c>Champions:Managers</c>.
/// </summary>
internal sealed class ManagerRoster(UserGroupDirectory groups, IOptions<ChampionsOptions> options)
{
    public bool AnyConfigured => options.Value.AnyManagersConfigured;

    public async Task<bool> IsManager(string teamId, string userId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Managers.Contains(userId, StringComparer.Ordinal))
        {
            return true;
        }

        return !string.IsNullOrWhiteSpace(settings.ManagerGroup) && await groups.IsMember(teamId, settings.ManagerGroup, userId, cancellationToken);
    }
}
