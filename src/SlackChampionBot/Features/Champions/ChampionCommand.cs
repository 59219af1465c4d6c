using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// <c>/champion @person reason…</c> (or <c>/champion</c> alone for a form), <c>list [month]</c>,
/// <c>history [@person]</c>, <c>undo [@person]</c>, <c>revoke @person Title</c>, <c>help</c>.
/// </summary>
internal sealed partial class ChampionCommand(
    ChampionService champions,
    IBackgroundJobs jobs,
    UserDirectory users,
    ISlackApiClient slack,
    IOptions<ChampionsOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time) : ISlashCommandHandler
{
    public const string Command = "/champion";

    public async Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        var ct = CancellationToken.None;
        var text = command.Text.Trim();
        var space = text.IndexOfAny([' ', '\n', '\t']);
        var verb = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : text[(space + 1)..].Trim();

        switch (verb)
        {
            case "":
                return await OpenForm(command, ct);
            case "help":
                return SlashCommandResponse.Ephemeral(ChampionBlocks.Usage);
            case "list":
                return await List(command.TeamId, rest, ct);
            case "history":
                return await History(command, rest, ct);
            case "undo":
                return await Undo(command, rest, ct);
            case "revoke":
                return await Revoke(command, rest, ct);
        }

        if (ParseMention(text) is not { } mention)
        {
            return SlashCommandResponse.Ephemeral("Mention the person with @ so Slack links the name, then say why: `/champion @person reason…`\n\n" + ChampionBlocks.Usage);
        }

        var outcome = await champions.Nominate(command.TeamId, command.UserId, mention.UserId, mention.Text, $"command:{command.TriggerId}", ct);
        if (outcome is Nominated nominated)
        {
            ChampionNotices.SendSoon(jobs, nominated.NominationId);
            return SlashCommandResponse.Ephemeral(ChampionBlocks.Confirmation(nominated));
        }

        return SlashCommandResponse.Ephemeral(ChampionBlocks.Refusal((NominationRefused)outcome));
    }

    private async Task<SlashCommandResponse> OpenForm(SlashCommand command, CancellationToken ct)
    {
        if (await champions.CheckManager(command.TeamId, command.UserId, ct) is { } refused)
        {
            return SlashCommandResponse.Ephemeral(ChampionBlocks.Refusal(refused));
        }

        if (string.IsNullOrEmpty(command.TriggerId))
        {
            return SlashCommandResponse.Ephemeral(ChampionBlocks.Usage);
        }

        await slack.Views.Open(command.TriggerId, ChampionBlocks.NominationModal(NominateChampionSubmission.CallbackId, options.Value.MinimumReasonLength), ct);
        return SlashCommandResponse.None;
    }

    private async Task<SlashCommandResponse> List(string teamId, string argument, CancellationToken ct)
    {
        if (ChampionMonth.Parse(argument, champions.CurrentMonth) is not { } month)
        {
            return SlashCommandResponse.Ephemeral($"I don't know the month “{Mrkdwn.EscapeAndTruncate(Mrkdwn.Unescape(argument), 40)}”. Try `/champion list 2026-11`, `/champion list november` or `/champion list last`.");
        }

        var list = await champions.ChampionsOf(teamId, month, ct);
        var names = await users.CachedNames(teamId, list.Select(c => c.ManagerId).Distinct().ToList(), ct);
        return ChampionBlocks.MonthList(month, list, names);
    }

    private async Task<SlashCommandResponse> History(SlashCommand command, string argument, CancellationToken ct)
    {
        var userId = command.UserId;
        if (argument.Length > 0)
        {
            if (ParseMention(argument) is not { } mention)
            {
                return SlashCommandResponse.Ephemeral("Mention the person with @: `/champion history @person` (or just `/champion history` for yours).");
            }

            userId = mention.UserId;
        }

        var titles = await champions.History(command.TeamId, userId, ct);
        var names = await users.CachedNames(command.TeamId, titles.Where(t => t.ManagerId is not null).Select(t => t.ManagerId!).Distinct().ToList(), ct);
        return ChampionBlocks.History(userId, titles, names, scheduling.Value.TimeZoneInfo);
    }

    private async Task<SlashCommandResponse> Undo(SlashCommand command, string argument, CancellationToken ct)
    {
        string? nomineeId = null;
        if (argument.Length > 0)
        {
            if (ParseMention(argument) is not { } mention)
            {
                return SlashCommandResponse.Ephemeral("Use `/champion undo` for your latest nomination, or `/champion undo @person`.");
            }

            nomineeId = mention.UserId;
        }

        var outcome = await champions.Withdraw(command.TeamId, command.UserId, nomineeId, ct);
        if (outcome is Withdrawn withdrawn)
        {
            ChampionNotices.SendSoon(jobs, withdrawn.NominationId);
        }

        return SlashCommandResponse.Ephemeral(ChampionBlocks.Withdrawal(outcome, time.GetUtcNow().UtcDateTime));
    }

    private async Task<SlashCommandResponse> Revoke(SlashCommand command, string argument, CancellationToken ct)
    {
        if (ParseMention(argument) is not { } mention || mention.Text.Length == 0)
        {
            return SlashCommandResponse.Ephemeral("Use `/champion revoke @person Title name`, e.g. `/champion revoke @sam Customer Hero`.");
        }

        var title = Mrkdwn.Unescape(mention.Text);
        var result = await champions.Revoke(command.TeamId, command.UserId, mention.UserId, title, ct);
        return SlashCommandResponse.Ephemeral(ChampionBlocks.Revocation(result.Outcome, mention.UserId, result.TitleName ?? title));
    }

    /// <summary>A leading <c>&lt;@U123|name&gt;</c> (how Slack escapes a mention in a command) and the text after it.</summary>
    internal static (string UserId, string Text)? ParseMention(string text)
    {
        var match = MentionPattern().Match(text.Trim());
        return match.Success ? (match.Groups["id"].Value, text.Trim()[match.Length..].Trim()) : null;
    }

    [GeneratedRegex(@"^<@(?<id>[UW][A-Z0-9]+)(\|[^>]*)?>", RegexOptions.NonBacktracking)]
    private static partial Regex MentionPattern();
}
