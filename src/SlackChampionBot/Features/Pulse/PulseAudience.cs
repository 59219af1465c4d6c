using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// Who a survey goes to: the members of the audience channel (conversations.members, every page) or user group
/// (the synced copy, else usergroups.users.list), keeping only people: no bots, no deactivated users, not the bot.
/// Each recipient's team is frozen here, when the survey opens: the first team in <c>Leaderboards:Teams</c> they belong
/// to (so a person in several teams counts once, towards the first listed), or none; and their Slack time zone, which
/// decides when the survey reaches them.
/// </summary>
internal sealed class PulseAudience(
    IOptions<PulseOptions> options,
    ISlackApiClient slack,
    UserGroupDirectory groups,
    UserDirectory users,
    CompanyTeams companyTeams,
    ILogger<PulseAudience> logger)
{
    /// <summary>Above this many people unknown to the cache, one users.list walk is cheaper than users.info each.</summary>
    private const int BulkFetchThreshold = 100;

    public async Task<IReadOnlyList<PulseRecipient>> Resolve(string teamId, string botUserId, CancellationToken cancellationToken)
    {
        var people = await People(teamId, botUserId, cancellationToken);
        var teams = new List<HashSet<string>>();
        var teamIds = await TeamGroupIds(teamId, cancellationToken);
        foreach (var groupId in teamIds)
        {
            teams.Add((await groups.Members(teamId, groupId, cancellationToken)).ToHashSet(StringComparer.Ordinal));
        }

        return [.. people.Select(u => new PulseRecipient(u.UserId, teams.FindIndex(t => t.Contains(u.UserId)) is var i and >= 0 ? teamIds[i] : null, u.TimeZone))];
    }

    /// <summary>The configured teams' user group IDs, in the order <c>Leaderboards:Teams</c> lists them.</summary>
    private async Task<List<string>> TeamGroupIds(string teamId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var reference in companyTeams.GroupReferences)
        {
            if (await groups.Find(teamId, reference, cancellationToken) is { } group && !ids.Contains(group.GroupId))
            {
                ids.Add(group.GroupId);
            }
        }

        return ids;
    }

    private async Task<List<SlackUser>> People(string teamId, string botUserId, CancellationToken cancellationToken)
    {
        var audience = options.Value.Audience!.Trim();
        var members = options.Value.IsChannelAudience
            ? await ChannelMembers(audience, cancellationToken)
            : await GroupMembers(teamId, audience, cancellationToken);

        var candidates = members.Where(u => u != botUserId).Distinct(StringComparer.Ordinal).ToList();
        if (candidates.Count > BulkFetchThreshold)
        {
            await PrefetchAll(teamId, cancellationToken);
        }

        var known = await users.GetMany(teamId, candidates, cancellationToken);
        return [.. candidates.Select(u => known.GetValueOrDefault(u)).OfType<SlackUser>().Where(user => !user.IsBot && !user.IsDeleted)];
    }

    private async Task<List<string>> ChannelMembers(string channelId, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await slack.Conversations.Members(channelId, cursor, 200, cancellationToken);
            all.AddRange(page.Members);
            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));

        return all;
    }

    private async Task<List<string>> GroupMembers(string teamId, string reference, CancellationToken cancellationToken)
    {
        if (await groups.Find(teamId, reference, cancellationToken) is not null)
        {
            return [.. await groups.Members(teamId, reference, cancellationToken)];
        }

        var (id, handle) = UserGroupDirectory.Parse(reference);
        var group = (await slack.UserGroups.List(cancellationToken: cancellationToken))
            .FirstOrDefault(g => g.Id == id || string.Equals(g.Handle, handle, StringComparison.OrdinalIgnoreCase));
        if (group is null)
        {
            PulseLog.AudienceGroupNotFound(logger, reference);
            return [];
        }

        return [.. await slack.UserGroupUsers.List(group.Id, cancellationToken: cancellationToken)];
    }

    private async Task PrefetchAll(string teamId, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await slack.Users.List(cursor, limit: 200, cancellationToken: cancellationToken);
            await users.StoreMany(teamId, page.Members, cancellationToken);

            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }
}
