namespace SlackChampionBot.Features.Leaderboards;

/// <summary><c>/leaderboard [week|month|quarter|all] [@team]</c>: the table, privately, with the caller's own place.</summary>
internal sealed class LeaderboardCommand(LeaderboardService leaderboards) : ISlashCommandHandler
{
    public const string Command = "/leaderboard";

    public async Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        var (kind, teamReference, problem) = Parse(command.Text);
        if (problem is not null)
        {
            return SlashCommandResponse.Ephemeral(problem);
        }

        var ct = CancellationToken.None;
        Teams.ResolvedGroup? team = null;
        if (teamReference is not null)
        {
            team = await leaderboards.FindTeam(command.TeamId, teamReference, ct);
            if (team is null)
            {
                var known = await leaderboards.ConfiguredTeams(command.TeamId, ct);
                var list = known.Count == 0 ? "no teams are configured yet" : "the teams are " + string.Join(", ", known.Select(LeaderboardBlocks.TeamName));
                var (id, handle) = Teams.UserGroupDirectory.Parse(teamReference);
                var named = handle is null ? id : "@" + handle;
                return SlashCommandResponse.Ephemeral(Mrkdwn.Truncate($"I don't know the team {Mrkdwn.EscapeAndTruncate(Mrkdwn.Unescape(named), 100)}: {list}.", 3000));
            }
        }

        var table = await leaderboards.Table(command.TeamId, kind, team, command.UserId, ct);
        return new SlashCommandResponse { Message = LeaderboardBlocks.Table(table) };
    }

    /// <summary>What /leaderboard answers to anything it does not understand (help, a typo, a team typed as plain text).</summary>
    public const string Usage =
        "Usage: `/leaderboard [week|month|quarter|all] [@team]`, e.g. `/leaderboard month @support`.\n" +
        "Periods: `week` (this week, Monday to Sunday), `month`, `quarter`, `all` (all time); `week` when you give none.\n" +
        "A team is a Slack user group: pick it from Slack's @ list as you type, so Slack links it.";

    /// <summary>
    /// Splits the arguments: at most one period word and at most one team, in any order. A team must be a user group
    /// mention as Slack escapes it (<c>&lt;!subteam^S…|@handle&gt;</c>); any other word, <c>help</c> included, gets
    /// the usage (a plain <c>@support</c> or <c>yesterday</c> would otherwise be guessed to be a team).
    /// </summary>
    internal static (PeriodKind Kind, string? Team, string? Problem) Parse(string? text)
    {
        var kind = PeriodKind.Week;
        string? team = null;
        var periodSeen = false;
        foreach (var token in (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            PeriodKind? period = token.ToLowerInvariant() switch
            {
                "week" or "weekly" or "this-week" => PeriodKind.Week,
                "month" or "monthly" => PeriodKind.Month,
                "quarter" or "quarterly" => PeriodKind.Quarter,
                "all" or "all-time" or "alltime" or "ever" => PeriodKind.AllTime,
                _ => null,
            };
            if (period is { } p && !periodSeen)
            {
                kind = p;
                periodSeen = true;
            }
            else if (team is null && period is null && IsUserGroupMention(token))
            {
                team = token;
            }
            else
            {
                return (kind, null, Usage);
            }
        }

        return (kind, team, null);
    }

    private static bool IsUserGroupMention(string token) =>
        token.StartsWith("<!subteam^", StringComparison.Ordinal) && token.EndsWith('>');
}
