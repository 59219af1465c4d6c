namespace SlackChampionBot.Features.Teams;

/// <summary>Teams log messages: EventIds 1400–1499 (user group sync 1400–1419, roles 1420–1439).</summary>
internal static partial class TeamsLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "User group {Group} synced: {Count} member(s)")]
    public static partial void GroupSynced(ILogger logger, string group, int count);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "User group {Group} is configured but Slack has no such (enabled) user group")]
    public static partial void GroupNotFound(ILogger logger, string group);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "The start-up user group sync failed; retrying in {DelaySeconds} s")]
    public static partial void StartupSyncFailed(ILogger logger, double delaySeconds, Exception exception);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "User group handle @{Handle} resolved to {GroupId}; that group is followed by ID from now on")]
    public static partial void HandleResolved(ILogger logger, string handle, string groupId);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "User group {Group} ({GroupId}) is {What} in Slack: it grants nothing and has no members until it is enabled again.{Successor}")]
    public static partial void GroupGone(ILogger logger, string group, string groupId, string what, string successor);

    // Roles: 1420–1439. Names roles and group IDs, never what a person asked for.
    [LoggerMessage(EventId = 1420, Level = LogLevel.Debug, Message = "The {Role} group {GroupId} was re-checked with Slack before a sensitive action: {Count} member(s)")]
    public static partial void RoleRechecked(ILogger logger, string role, string groupId, int count);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Warning, Message = "The {Role} group {GroupId} is disabled or deleted in Slack: it grants nothing, and its members were cleared")]
    public static partial void RoleGroupGone(ILogger logger, string role, string groupId);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Warning, Message = "Could not re-check the {Role} group {GroupId} with Slack ({ErrorCode}); the action was refused rather than answered from a stale copy")]
    public static partial void RoleRecheckFailed(ILogger logger, string role, string groupId, string errorCode);
}
