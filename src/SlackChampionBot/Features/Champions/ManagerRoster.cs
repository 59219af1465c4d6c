using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// Who is a manager: listed in <c>Champions:Managers</c> or a member of <c>Champions:ManagerGroup</c>, as
/// <see cref="Roles.IsManager"/> answers it (a stale membership is re-checked with Slack first).
/// </summary>
internal sealed class ManagerRoster(Roles roles, IOptions<ChampionsOptions> options)
{
    public bool AnyConfigured => options.Value.AnyManagersConfigured;

    public Task<bool> IsManager(string teamId, string userId, CancellationToken cancellationToken) =>
        roles.IsManager(teamId, userId, cancellationToken);
}
