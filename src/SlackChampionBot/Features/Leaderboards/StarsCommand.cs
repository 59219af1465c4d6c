namespace SlackChampionBot.Features.Leaderboards;

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
