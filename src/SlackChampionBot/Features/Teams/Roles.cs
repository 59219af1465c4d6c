using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Features.Teams;

/// <summary>
/// A role: the users listed under <see cref="UsersKey"/> and, when <see cref="GroupKey"/> names one, the members of
/// that followed user group. The keys belong to the feature that uses the role (and its validator checks them).
/// </summary>
internal sealed record Role(string Name, string UsersKey, string? GroupKey = null)
{
    public static readonly Role Hr = new("HR", "Pulse:Hr", "Pulse:HrGroup");

    public static readonly Role Manager = new("manager", "Champions:Managers", "Champions:ManagerGroup");

    /// <summary>May revoke any title (<c>Champions:Admins</c>, user IDs).</summary>
    public static readonly Role ChampionsAdmin = new("champions admin", "Champions:Admins");

    /// <summary>May export and audit the star ledger, and erase a person (<c>Data:Admins</c>, user IDs).</summary>
    public static readonly Role DataAdmin = new("data admin", "Data:Admins");

    public static IReadOnlyList<Role> All { get; } = [Hr, Manager, ChampionsAdmin, DataAdmin];
}

/// <summary>
/// The one place that says who holds a role; every feature asks here (<see cref="IsHr"/>, <see cref="IsManager"/>,
/// <see cref="IsChampionsAdmin"/>, <see cref="IsDataAdmin"/>, <see cref="MayReadStarLedger"/>), never the user group
/// tables. A new role is a <see cref="Role"/> and a method.
/// Every role guards a sensitive action (pulse results, export, close, send-now; nominate, undo, revoke; the star
/// ledger's export and audit, erasure), so a group
/// membership older than <c>Roles:MaxAgeMinutes</c> is re-checked with Slack (usergroups.users.list) before the
/// answer, and the stored copy refreshed for everyone. A group Slack reports disabled or deleted grants nothing; when
/// Slack cannot be asked, the answer is no (the person can try again), never the stale copy.
/// </summary>
internal sealed class Roles(
    IConfiguration configuration,
    UserGroupDirectory groups,
    UserGroupStore store,
    ISlackApiClient slack,
    RoleRecheckGate gate,
    IOptions<RolesOptions> options,
    TimeProvider time,
    ILogger<Roles> logger)
{
    public Task<bool> IsHr(string teamId, string userId, CancellationToken cancellationToken = default) => Holds(Role.Hr, teamId, userId, cancellationToken);

    public Task<bool> IsManager(string teamId, string userId, CancellationToken cancellationToken = default) => Holds(Role.Manager, teamId, userId, cancellationToken);

    public Task<bool> IsChampionsAdmin(string teamId, string userId, CancellationToken cancellationToken = default) => Holds(Role.ChampionsAdmin, teamId, userId, cancellationToken);

    /// <summary>May erase a person (<c>/stars forget</c>), and export and audit the star ledger.</summary>
    public Task<bool> IsDataAdmin(string teamId, string userId, CancellationToken cancellationToken = default) => Holds(Role.DataAdmin, teamId, userId, cancellationToken);

    /// <summary>May export the star ledger and read its audit (<c>/stars export</c>, <c>/stars audit</c>): data admins and HR.</summary>
    public async Task<bool> MayReadStarLedger(string teamId, string userId, CancellationToken cancellationToken = default) =>
        await IsDataAdmin(teamId, userId, cancellationToken) || await IsHr(teamId, userId, cancellationToken);

    /// <summary>The role's user group as configured (ID or handle), or null.</summary>
    private string? GroupOf(Role role) => role.GroupKey is { } key && configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private async Task<bool> Holds(Role role, string teamId, string userId, CancellationToken cancellationToken)
    {
        var listed = configuration.GetSection(role.UsersKey).Get<string[]>() ?? [];
        if (listed.Any(u => string.Equals(u?.Trim(), userId, StringComparison.Ordinal)))
        {
            return true;
        }

        if (GroupOf(role) is not { } reference || await groups.Record(teamId, reference, cancellationToken) is not { State: UserGroupState.Active } group)
        {
            return false;
        }

        var maxAge = TimeSpan.FromMinutes(options.Value.MaxAgeMinutes);
        if (time.GetUtcNow().UtcDateTime - group.SyncedAt > maxAge && !await Recheck(role, teamId, group.GroupId, maxAge, cancellationToken))
        {
            return false;
        }

        return await groups.IsListed(teamId, group.GroupId, userId, cancellationToken);
    }

    /// <summary>
    /// Refreshes the group's members from Slack; true when it is (still) active. One re-check per group at a time:
    /// whoever waited finds the copy fresh and asks Slack nothing.
    /// </summary>
    private async Task<bool> Recheck(Role role, string teamId, string groupId, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        using var turn = await gate.Enter(teamId, groupId, cancellationToken);
        if (await groups.Record(teamId, groupId, cancellationToken) is not { } current || current.State != UserGroupState.Active)
        {
            return false;
        }

        if (time.GetUtcNow().UtcDateTime - current.SyncedAt <= maxAge)
        {
            return true;
        }

        try
        {
            var members = await slack.UserGroupUsers.List(groupId, cancellationToken: cancellationToken);
            await store.ReplaceMembers(teamId, groupId, handle: null, name: null, members, cancellationToken);
            TeamsLog.RoleRechecked(logger, role.Name, groupId, members.Count);
            return true;
        }
        catch (SlackException ex) when (ex.ErrorCode == "no_such_subteam")
        {
            // Disabled (without include_disabled Slack does not know it) or deleted: either way it grants nothing.
            await store.MarkGone(teamId, groupId, UserGroupState.Gone, cancellationToken);
            TeamsLog.RoleGroupGone(logger, role.Name, groupId);
            return false;
        }
        catch (SlackException ex)
        {
            TeamsLog.RoleRecheckFailed(logger, role.Name, groupId, ex.ErrorCode);
            return false;
        }
    }
}

/// <summary>Serialises live re-checks per group, so a burst of commands makes one Slack call.</summary>
internal sealed class RoleRecheckGate
{
    private readonly ConcurrentDictionary<(string TeamId, string GroupId), SemaphoreSlim> _gates = new();

    public async Task<IDisposable> Enter(string teamId, string groupId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd((teamId, groupId), _ => new SemaphoreSlim(1, 1));
        return await gate.TakeTurn(cancellationToken);
    }
}

/// <summary>The <c>Roles</c> section.</summary>
internal sealed class RolesOptions
{
    public const string SectionName = "Roles";

    /// <summary>How old a stored group membership may be before a sensitive action re-checks it with Slack (0: always).</summary>
    public int MaxAgeMinutes { get; set; } = 10;
}

internal sealed class RolesOptionsValidator : IValidateOptions<RolesOptions>
{
    public ValidateOptionsResult Validate(string? name, RolesOptions options) =>
        options.MaxAgeMinutes is < 0 or > 1440
            ? ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Roles:MaxAgeMinutes", "use a number of minutes from 0 (always ask Slack) to 1440; the default is 10"))
            : ValidateOptionsResult.Success;
}
