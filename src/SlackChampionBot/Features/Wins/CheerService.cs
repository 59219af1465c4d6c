using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Wins;

internal enum CheerStatus
{
    /// <summary>Not a cheer on a live win, or a redelivered event.</summary>
    Ignored,

    /// <summary>The star was paid.</summary>
    Accepted,

    /// <summary>This person's cheer on this win already stands (counts once).</summary>
    AlreadyCounted,

    /// <summary>Fair play said no; the giver is told why.</summary>
    Refused,

    /// <summary>A removed cheer: its star was reversed.</summary>
    Reversed,
}

internal sealed record CheerResult(CheerStatus Status, Win? Win = null, FairPlayVerdict? Verdict = null)
{
    public static readonly CheerResult Ignored = new(CheerStatus.Ignored);
}

/// <summary>
/// Cheering: the cheer emoji on a win gives the win's poster a star from the reactor, once per person per win,
/// subject to fair play (the same allowance and monthly cap per pair as the credits the reactor hands out in their own
/// wins); removing the reaction reverses it, and a later re-cheer pays again (once).
/// </summary>
internal sealed class CheerService(BotDbContext db, WinService wins, StarLedger ledger, FairPlay fairPlay, IOptions<WinsOptions> options, ILogger<CheerService> logger)
{
    private const int ConflictAttempts = 3;

    public async Task<CheerResult> Cheer(string teamId, ReactionAdded reaction, string? sourceEventId, string botUserId, CancellationToken cancellationToken = default)
    {
        if (await FindCheeredWin(teamId, reaction, cancellationToken) is not { } win)
        {
            return CheerResult.Ignored;
        }

        if (sourceEventId is not null && await ledger.HasEntriesFrom(teamId, sourceEventId, cancellationToken))
        {
            return new CheerResult(CheerStatus.Ignored, win);
        }

        var giver = await fairPlay.Giver(teamId, reaction.User, botUserId, cancellationToken);
        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            var earlier = await ledger.Awards(teamId, win.Id, StarReason.Cheer, win.PosterId, reaction.User, cancellationToken);
            if (earlier.Count > 0 && !await ledger.IsReversed(teamId, earlier[^1].Id, cancellationToken))
            {
                return new CheerResult(CheerStatus.AlreadyCounted, win);
            }

            if (await fairPlay.Eligibility(teamId, giver, win.PosterId, botUserId, cancellationToken) is { } refusal)
            {
                WinsLog.CheerRefused(logger, win.Id, refusal.ToString());
                return new CheerResult(CheerStatus.Refused, win, fairPlay.Refused(giver, win.PosterId, refusal));
            }

            // The limits are read in the write transaction, so two cheers at once cannot both take the last star.
            FairPlayVerdict? verdict = null;
            var entry = ledger.Entry(teamId, reaction.User, win.PosterId, 1, StarReason.Cheer, win.Id, CheerKey(win.Id, reaction.User, earlier.Count + 1), sourceEventId);
            var committed = await ledger.TryCommit(async ct =>
            {
                verdict = (await fairPlay.Allow(teamId, giver, [win.PosterId], entry.Amount, cancellationToken: ct))[0];
                if (!verdict.Allowed)
                {
                    await fairPlay.RecordRefusals(teamId, [verdict], entry.Amount, win.Id, sourceEventId, ct);
                    await db.SaveChangesAsync(ct);
                    return [];
                }

                db.Add(entry);
                await db.SaveChangesAsync(ct);
                return [entry];
            }, cancellationToken);

            if (committed && verdict is { Allowed: false })
            {
                WinsLog.CheerRefused(logger, win.Id, verdict.Refusal!.Value.ToString());
                return new CheerResult(CheerStatus.Refused, win, verdict);
            }

            if (committed)
            {
                return new CheerResult(CheerStatus.Accepted, win, verdict);
            }
        }

        return new CheerResult(CheerStatus.AlreadyCounted, win);
    }

    public async Task<CheerResult> Uncheer(string teamId, ReactionRemoved reaction, string? sourceEventId, CancellationToken cancellationToken = default)
    {
        if (await FindCheeredWin(teamId, reaction, cancellationToken) is not { } win)
        {
            return CheerResult.Ignored;
        }

        if (sourceEventId is not null && await ledger.HasEntriesFrom(teamId, sourceEventId, cancellationToken))
        {
            return new CheerResult(CheerStatus.Ignored, win);
        }

        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            var earlier = await ledger.Awards(teamId, win.Id, StarReason.Cheer, win.PosterId, reaction.User, cancellationToken);
            if (earlier.Count == 0 || await ledger.IsReversed(teamId, earlier[^1].Id, cancellationToken))
            {
                return new CheerResult(CheerStatus.Ignored, win);
            }

            if (await ledger.TryAppend([ledger.Reversal(earlier[^1], sourceEventId)], cancellationToken))
            {
                return new CheerResult(CheerStatus.Reversed, win);
            }
        }

        return new CheerResult(CheerStatus.Ignored, win);
    }

    public static string CheerKey(long winId, string giverId, int generation) => $"cheer:{winId}:{giverId}:{generation}";

    private async Task<Win?> FindCheeredWin(string teamId, ReactionEvent reaction, CancellationToken cancellationToken)
    {
        if (reaction.Item.Type != "message" || reaction.Item.Channel is null || reaction.Item.Ts is null
            || string.IsNullOrEmpty(reaction.User) || !options.Value.IsCheer(reaction.Reaction) || !options.Value.IsWinsChannel(reaction.Item.Channel))
        {
            return null;
        }

        var win = await wins.FindWin(teamId, reaction.Item.Channel, reaction.Item.Ts, cancellationToken);
        return win is { DeletedAt: null } ? win : null;
    }
}
