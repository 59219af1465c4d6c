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

/// <summary>
/// <c>/stars [@person]</c>, <c>/stars hide</c>, <c>/stars show</c>: a private card of stars, rank, titles and recent
/// wins. <c>/stars mydata|export|audit|forget</c> belong to the data feature (<see cref="Data.StarsDataCommand"/>),
/// resolved only when asked for.
/// </summary>
internal sealed class StarsCommand(LeaderboardService leaderboards, People.UserDirectory users, IServiceProvider services) : ISlashCommandHandler
{
    public const string Command = "/stars";

    public async Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        var ct = CancellationToken.None;
        var argument = command.Text?.Trim() ?? string.Empty;
        var words = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length > 0 && Data.StarsDataCommand.Handles(words[0]))
        {
            return await services.GetRequiredService<Data.StarsDataCommand>().Handle(command, words[0], words.Length > 1 ? words[1] : string.Empty);
        }

        switch (argument.ToLowerInvariant())
        {
            case "hide":
                return SlashCommandResponse.Ephemeral(await leaderboards.Hide(command.TeamId, command.UserId, ct)
                    ? "Done: you no longer appear on public leaderboards. You still collect gold stars; `/stars show` brings you back."
                    : "You are already hidden from public leaderboards. `/stars show` brings you back.");
            case "show":
                return SlashCommandResponse.Ephemeral(await leaderboards.Show(command.TeamId, command.UserId, ct)
                    ? "Done: you appear on public leaderboards again."
                    : "You already appear on public leaderboards.");
            case "":
                return new SlashCommandResponse { Message = LeaderboardBlocks.StarsCardMessage(await leaderboards.Card(command.TeamId, command.UserId, ct), own: true) };
        }

        var person = ParseUser(argument);
        if (person is null)
        {
            return SlashCommandResponse.Ephemeral("Usage: `/stars` for yours, `/stars @person` for a colleague's, `/stars hide` or `/stars show` for public leaderboards, `/stars mydata` for a file of everything I hold about you. Pick the person from Slack's @ list so I get their ID.");
        }

        if (person != command.UserId)
        {
            if (await leaderboards.IsHidden(command.TeamId, person, ct))
            {
                return SlashCommandResponse.Ephemeral("That colleague has chosen not to appear on leaderboards.");
            }

            var user = await users.Get(command.TeamId, person, ct);
            if (user is null || user.IsBot)
            {
                return SlashCommandResponse.Ephemeral("That is not a colleague I can show stars for.");
            }
        }

        var card = await leaderboards.Card(command.TeamId, person, ct);
        return new SlashCommandResponse { Message = LeaderboardBlocks.StarsCardMessage(card, own: person == command.UserId) };
    }

    /// <summary>A user ID from an escaped mention (<c>&lt;@U123|name&gt;</c> or <c>&lt;@U123&gt;</c>) or a bare ID.</summary>
    internal static string? ParseUser(string text)
    {
        var value = text.Trim();
        if (value.StartsWith("<@", StringComparison.Ordinal) && value.EndsWith('>'))
        {
            value = value[2..^1];
            var bar = value.IndexOf('|');
            if (bar >= 0)
            {
                value = value[..bar];
            }
        }

        return Mrkdwn.IsUserId(value) ? value : null;
    }
}

/// <summary>App Home: publishes the person's stars, titles, recent wins and the week's top 5 when they open the tab.</summary>
internal sealed class ShowHomeTab(LeaderboardService leaderboards, ISlackApiClient slack, SlackRequestContext context, ILogger<ShowHomeTab> logger) : IEventHandler<AppHomeOpened>
{
    public const int TopOfTheWeek = 5;

    public async Task Handle(AppHomeOpened slackEvent)
    {
        if (slackEvent.Tab is not (null or "home") || !Mrkdwn.IsUserId(slackEvent.User))
        {
            return;
        }

        var ct = CancellationToken.None;
        var card = await leaderboards.Card(context.TeamId, slackEvent.User, ct);
        var week = await leaderboards.Table(context.TeamId, PeriodKind.Week, null, null, TopOfTheWeek, ct);
        try
        {
            await slack.Views.Publish(slackEvent.User, LeaderboardBlocks.Home(card, week), cancellationToken: ct);
        }
        catch (SlackException ex)
        {
            LeaderboardsLog.HomeNotPublished(logger, slackEvent.User, ex.ErrorCode);
        }
    }
}
