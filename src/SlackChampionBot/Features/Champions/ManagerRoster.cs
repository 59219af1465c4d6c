using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// The Champions feature's roles. A manager is a member of <c>Champions:ManagerGroup</c> (as last synced from Slack by
/// UserGroupSync) or listed in <c>Champions:Managers</c>; an admin is listed in <c>Champions:Admins</c>.
/// </summary>
internal sealed class ManagerRoster(UserGroupDirectory groups, IOptions<ChampionsOptions> options)
{
    public bool AnyConfigured => options.Value.AnyManagersConfigured;

    /// <summary>Whether the user may revoke any title (<c>Champions:Admins</c>); the one place that decides it.</summary>
    public bool IsAdmin(string userId) => options.Value.Admins.Contains(userId, StringComparer.Ordinal);

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
