using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// The Champions feature's roles, as <see cref="Roles"/> answers them: a manager is listed in <c>Champions:Managers</c>
/// or a member of <c>Champions:ManagerGroup</c> (a stale membership is re-checked with Slack first); an admin is
/// listed in <c>Champions:Admins</c>.
/// </summary>
internal sealed class ManagerRoster(Roles roles, IOptions<ChampionsOptions> options)
{
    public bool AnyConfigured => options.Value.AnyManagersConfigured;

    /// <summary>Whether the user may revoke any title (<c>Champions:Admins</c>).</summary>
    public Task<bool> IsAdmin(string teamId, string userId, CancellationToken cancellationToken) =>
        roles.IsChampionsAdmin(teamId, userId, cancellationToken);

    public Task<bool> IsManager(string teamId, string userId, CancellationToken cancellationToken) =>
        roles.IsManager(teamId, userId, cancellationToken);
}
