using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;
using PartnerCms.Landing;
using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Services;

/// <summary>What a new experiment asks for (the page's form).</summary>
public sealed class ExperimentForm
{
    public string? Name { get; set; }

    public string? HeadlineA { get; set; }

    public string? IntroductionA { get; set; }

    public string? HeadlineB { get; set; }

    public string? IntroductionB { get; set; }

    public int SplitB { get; set; } = 50;

    /// <summary>Local time of the partner's choosing as yyyy-MM-ddTHH:mm (UTC); empty: now.</summary>
    public string? StartsAt { get; set; }

    /// <summary>As <see cref="StartsAt"/>; empty: until stopped by hand.</summary>
    public string? EndsAt { get; set; }
}

/// <summary>An experiment's variant as the dashboard shows it.</summary>
public sealed record VariantResult(string Variant, string Headline, long Views, long SignUps, long Acceptances)
{
    public double Rate => Views == 0 ? 0 : (double)Acceptances / Views;
}

/// <summary>An experiment with its results and the verdict in words.</summary>
public sealed record ExperimentResult(HeadlineExperiment Experiment, VariantResult A, VariantResult B, string Verdict, string? Better, bool Running, string Status);

/// <summary>The experiment running for a partner right now, as the landing pages need it (cached a few seconds per node).</summary>
public sealed record RunningExperiment(long Id, int SplitB, DateTime StartsUtc, DateTime? EndsUtc, string HeadlineA, string IntroductionA, string HeadlineB, string IntroductionB)
{
    public bool RunsAt(DateTime utc) => StartsUtc <= utc && (EndsUtc is null || utc < EndsUtc);
}

/// <summary>
/// Headline experiments: a partner's marketing staff put two headlines (and introductions) against each other on the
/// landing pages. A visitor's variant is a stable hash of the experiment and the visitor's id (a cookie), so the same
/// person always sees the same one; views are counted in memory and added in batches, sign-ups and acceptances at once —
/// all as atomic increments, so several nodes count together. The verdict is a two-proportion z-test on acceptances per
/// view, said in words.
/// </summary>
public sealed class HeadlineExperiments(PartnerCmsDbContext db, AuditTrail audit, TimeProvider clock, RunningExperiments running, LiquidTemplateService liquid, IServiceProvider services)
{
    public const string VisitorCookie = "partnercms-visitor";

    public Task<List<HeadlineExperiment>> ListAsync(string organizationId, CancellationToken cancellationToken = default) =>
        db.Set<HeadlineExperiment>().AsNoTracking().ForOrganization(organizationId).OrderByDescending(e => e.CreatedUtc).Take(50).ToListAsync(cancellationToken);

    public Task<HeadlineExperiment?> GetAsync(string organizationId, long id, CancellationToken cancellationToken = default) =>
        db.Set<HeadlineExperiment>().AsNoTracking().ForOrganization(organizationId).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    /// <summary>The branding's current headline and introduction, for variant A to start from.</summary>
    public async Task<(string Headline, string Introduction)> CurrentTextsAsync(string organizationId, CancellationToken cancellationToken = default) =>
        services.GetService<IPartnerBrandingSource>() is { } source ? await source.TextsAsync(organizationId, cancellationToken) : (string.Empty, string.Empty);

    /// <summary>Starts an experiment (now or at a date); refused with a message per field, or when another is open.</summary>
    public async Task<(HeadlineExperiment? Experiment, Dictionary<string, string> Errors)> StartAsync(string organizationId, ExperimentForm form, string by, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        string Text(string field, string? value, int max, bool required)
        {
            var text = (value ?? string.Empty).Trim();
            if (required && text.Length == 0)
            {
                errors[field] = "Required.";
            }
            else if (text.Length > max)
            {
                errors[field] = $"At most {max} characters.";
            }
            else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                errors[field] = "Plain text without control characters.";
            }
            else if (liquid.Validate(text) is { } error)
            {
                errors[field] = error.ToString();
            }

            return text;
        }

        var experiment = new HeadlineExperiment
        {
            OrganizationId = organizationId,
            Name = Text(nameof(form.Name), form.Name, 100, required: true),
            HeadlineA = Text(nameof(form.HeadlineA), form.HeadlineA, 200, required: true),
            IntroductionA = Text(nameof(form.IntroductionA), form.IntroductionA, 2000, required: false),
            HeadlineB = Text(nameof(form.HeadlineB), form.HeadlineB, 200, required: true),
            IntroductionB = Text(nameof(form.IntroductionB), form.IntroductionB, 2000, required: false),
            SplitB = form.SplitB,
            CreatedBy = by,
            CreatedUtc = now,
            OpenSlot = 1,
        };
        if (form.SplitB is < 1 or > 99)
        {
            errors[nameof(form.SplitB)] = "Between 1 and 99 percent of visitors see B.";
        }

        if (!errors.ContainsKey(nameof(form.HeadlineB)) && experiment.HeadlineA == experiment.HeadlineB && experiment.IntroductionA == experiment.IntroductionB)
        {
            errors[nameof(form.HeadlineB)] = "B is the same as A: change its headline or introduction.";
        }

        experiment.StartsUtc = ParseTime(form.StartsAt, nameof(form.StartsAt), errors) ?? now;
        experiment.EndsUtc = ParseTime(form.EndsAt, nameof(form.EndsAt), errors);
        if (experiment.EndsUtc is { } ends && ends <= Max(experiment.StartsUtc, now))
        {
            errors[nameof(form.EndsAt)] = "The end must be after the start and in the future.";
        }
        else if (experiment.EndsUtc > now.AddYears(2))
        {
            errors[nameof(form.EndsAt)] = "An experiment runs at most two years: choose an earlier end.";
        }

        if (experiment.StartsUtc > now.AddYears(1))
        {
            errors[nameof(form.StartsAt)] = "Start within a year from now.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // An experiment whose end date passed is closed now, so that a new one can open.
        await db.Set<HeadlineExperiment>().ForOrganization(organizationId).Where(e => e.OpenSlot != null && e.EndsUtc != null && e.EndsUtc <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.OpenSlot, (int?)null).SetProperty(e => e.StoppedUtc, e => e.EndsUtc), cancellationToken);
        db.Add(experiment);
        audit.Record("experiment.started", $"{experiment.Name} (B to {experiment.SplitB} %)", organizationId, null);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            errors[string.Empty] = "Another experiment is open: stop it (or let it end) before starting a new one.";
            return (null, errors);
        }

        db.AddRange(
            new HeadlineExperimentTally { ExperimentId = experiment.Id, Variant = "A", OrganizationId = organizationId },
            new HeadlineExperimentTally { ExperimentId = experiment.Id, Variant = "B", OrganizationId = organizationId });
        await db.SaveChangesAsync(cancellationToken);
        running.Forget(organizationId);
        return (experiment, errors);
    }

    public async Task<bool> StopAsync(string organizationId, long id, string by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stopped = await db.Set<HeadlineExperiment>().ForOrganization(organizationId).Where(e => e.Id == id && e.StoppedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.StoppedUtc, now).SetProperty(e => e.StoppedBy, by).SetProperty(e => e.OpenSlot, (int?)null), cancellationToken);
        if (stopped > 0)
        {
            audit.Record("experiment.stopped", id.ToString(CultureInfo.InvariantCulture), organizationId, null);
            await db.SaveChangesAsync(cancellationToken);
        }

        running.Forget(organizationId);
        return stopped > 0;
    }

    /// <summary>Publishes a variant's headline and introduction as the branding's and stops the experiment; else says why not.</summary>
    public async Task<string?> PublishWinnerAsync(string organizationId, long id, string variant, string by, CancellationToken cancellationToken = default)
    {
        var experiment = await GetAsync(organizationId, id, cancellationToken);
        if (experiment is null || variant is not ("A" or "B"))
        {
            return "There is no such experiment or variant.";
        }

        if (services.GetService<IPartnerBrandingSource>() is not { } source)
        {
            return "Landing-page branding is switched off on this site: there is nothing to publish the headline to.";
        }

        var (headline, introduction) = variant == "A" ? (experiment.HeadlineA, experiment.IntroductionA) : (experiment.HeadlineB, experiment.IntroductionB);
        if (await source.PublishTextsAsync(organizationId, headline, introduction, by, cancellationToken) is { } problem)
        {
            return problem;
        }

        await StopAsync(organizationId, id, by, cancellationToken);
        await db.Set<HeadlineExperiment>().ForOrganization(organizationId).Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Winner, variant), cancellationToken);
        audit.Record("experiment.winner-published", $"{experiment.Name}: {variant}", organizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>The partner's experiment running now (from a few seconds' cache).</summary>
    public ValueTask<RunningExperiment?> RunningAsync(string organizationId, CancellationToken cancellationToken = default) => running.GetAsync(organizationId, cancellationToken);

    /// <summary>"A" or "B" for this visitor: the same every time (a hash of the experiment and the visitor), B for about SplitB % of visitors.</summary>
    public static string VariantFor(long experimentId, int splitB, string visitorId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(experimentId.ToString(CultureInfo.InvariantCulture) + ":" + visitorId));
        var bucket = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash) % 10_000;
        return bucket < splitB * 100 ? "B" : "A";
    }

    /// <summary>A new visitor id for the cookie: random, nothing about the person.</summary>
    public static string NewVisitorId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsVisitorId(string? value) => value is { Length: 32 } && value.All(char.IsAsciiHexDigitLower);

    /// <summary>A visitor of the experiment signed up and/or accepted: added to their variant's tally at once.</summary>
    public async Task RecordConversionAsync(string organizationId, string? visitorId, bool signedUp, CancellationToken cancellationToken = default)
    {
        if (!IsVisitorId(visitorId) || await RunningAsync(organizationId, cancellationToken) is not { } running)
        {
            return;
        }

        var variant = VariantFor(running.Id, running.SplitB, visitorId!);
        var signUps = signedUp ? 1 : 0;
        await db.Set<HeadlineExperimentTally>().ForOrganization(organizationId).Where(t => t.ExperimentId == running.Id && t.Variant == variant)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Acceptances, t => t.Acceptances + 1).SetProperty(t => t.SignUps, t => t.SignUps + signUps), cancellationToken);
    }

    public async Task<List<ExperimentResult>> ResultsAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var experiments = await ListAsync(organizationId, cancellationToken);
        var ids = experiments.Select(e => e.Id).ToList();
        var tallies = await db.Set<HeadlineExperimentTally>().AsNoTracking().ForOrganization(organizationId).Where(t => ids.Contains(t.ExperimentId)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. experiments.Select(e =>
        {
            VariantResult Of(string variant, string headline)
            {
                var tally = tallies.FirstOrDefault(t => t.ExperimentId == e.Id && t.Variant == variant);
                return new VariantResult(variant, headline, tally?.Views ?? 0, tally?.SignUps ?? 0, tally?.Acceptances ?? 0);
            }

            var (a, b) = (Of("A", e.HeadlineA), Of("B", e.HeadlineB));
            var (verdict, better) = Judge(a.Views, a.Acceptances, b.Views, b.Acceptances);
            var status = e.Winner is { } winner ? $"Ended: {winner}'s texts were published"
                : e.StoppedUtc is { } stopped ? $"Stopped {stopped:yyyy-MM-dd HH:mm} UTC"
                : e.StartsUtc > now ? $"Starts {e.StartsUtc:yyyy-MM-dd HH:mm} UTC"
                : e.EndsUtc is { } ends && ends <= now ? $"Ended {ends:yyyy-MM-dd HH:mm} UTC"
                : e.EndsUtc is { } until ? $"Running until {until:yyyy-MM-dd HH:mm} UTC" : "Running until stopped";
            return new ExperimentResult(e, a, b, verdict, better, e.IsRunningAt(now), status);
        })];
    }

    /// <summary>
    /// The two-proportion z-test (pooled) on conversions per view, two-sided, in words: which variant converts better
    /// and with what confidence (95 % or 99 %), no clear difference yet, or not enough data yet (the normal approximation
    /// needs at least five expected conversions and five non-conversions in each variant).
    /// </summary>
    public static (string Verdict, string? Better) Judge(long viewsA, long conversionsA, long viewsB, long conversionsB)
    {
        conversionsA = Math.Min(conversionsA, viewsA);
        conversionsB = Math.Min(conversionsB, viewsB);
        if (viewsA == 0 || viewsB == 0)
        {
            return ("Not enough data yet: each variant needs views.", null);
        }

        var pooled = (double)(conversionsA + conversionsB) / (viewsA + viewsB);
        if (new[] { viewsA * pooled, viewsA * (1 - pooled), viewsB * pooled, viewsB * (1 - pooled) }.Any(expected => expected < 5))
        {
            return ("Not enough data yet: keep the experiment running.", null);
        }

        var (rateA, rateB) = ((double)conversionsA / viewsA, (double)conversionsB / viewsB);
        var z = (rateB - rateA) / Math.Sqrt(pooled * (1 - pooled) * ((1.0 / viewsA) + (1.0 / viewsB)));
        var p = Erfc(Math.Abs(z) / Math.Sqrt(2));
        var better = z > 0 ? "B" : "A";
        return p < 0.01 ? ($"{better} converts better, 99 % confidence.", better)
            : p < 0.05 ? ($"{better} converts better, 95 % confidence.", better)
            : ($"No clear difference yet (p = {p.ToString("0.00", CultureInfo.InvariantCulture)}): keep the experiment running.", null);
    }

    /// <summary>The complementary error function (Abramowitz and Stegun 7.1.26; error below 1.5e-7).</summary>
    private static double Erfc(double x)
    {
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return poly * Math.Exp(-x * x);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime? ParseTime(string? value, string field, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value.Trim(), "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors[field] = "A date and time (UTC) such as 2027-01-31T09:00.";
        return null;
    }
}

/// <summary>
/// The experiment each partner runs now, as landing pages read it on every view: kept a few seconds per node (a start or
/// stop on another node shows within <see cref="CacheFor"/>; on this node at once), its start and end times compared
/// with the clock on each read, so a scheduled start or end takes effect to the second. A read that finds its entry
/// old waits for one read of the database per partner, shared by every request that finds it so (not one per request).
/// </summary>
public sealed class RunningExperiments(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private sealed record Entry(RunningExperiment? Experiment, long ReadAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _reading = new(StringComparer.Ordinal);
    private long _generation;

    public ValueTask<RunningExperiment?> GetAsync(string organizationId, CancellationToken cancellationToken = default) =>
        _entries.TryGetValue(organizationId, out var entry) && clock.GetElapsedTime(entry.ReadAt) < CacheFor
            ? ValueTask.FromResult(Running(entry))
            : ReadAsync(organizationId, cancellationToken);

    private RunningExperiment? Running(Entry entry) => entry.Experiment is { } open && open.RunsAt(clock.GetUtcNow().UtcDateTime) ? open : null;

    private async ValueTask<RunningExperiment?> ReadAsync(string organizationId, CancellationToken cancellationToken)
    {
        var reading = _reading.GetOrAdd(organizationId, id => new Lazy<Task<Entry>>(() => LoadAsync(id)));
        try
        {
            return Running(await reading.Value.WaitAsync(cancellationToken));
        }
        finally
        {
            _reading.TryRemove(KeyValuePair.Create(organizationId, reading));
        }
    }

    /// <summary>Not tied to one visitor's request: the read serves everyone waiting for it.</summary>
    private async Task<Entry> LoadAsync(string organizationId)
    {
        var readAt = clock.GetTimestamp();
        var generation = Interlocked.Read(ref _generation);
        await using var scope = scopes.CreateAsyncScope();
        var open = await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Set<HeadlineExperiment>().AsNoTracking().ForOrganization(organizationId)
            .Where(e => e.OpenSlot != null)
            .Select(e => new RunningExperiment(e.Id, e.SplitB, e.StartsUtc, e.EndsUtc, e.HeadlineA, e.IntroductionA, e.HeadlineB, e.IntroductionB))
            .FirstOrDefaultAsync();
        var entry = new Entry(open, readAt);
        _entries[organizationId] = entry;
        if (Interlocked.Read(ref _generation) != generation)
        {
            _entries.TryRemove(KeyValuePair.Create(organizationId, entry));
        }

        return entry;
    }

    /// <summary>A start or stop on this node: the next view reads the database.</summary>
    public void Forget(string organizationId)
    {
        // A read begun before the change does not store what it found (its generation is old).
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(organizationId, out _);
        _reading.TryRemove(organizationId, out _);
    }
}

/// <summary>
/// Landing views per experiment variant, counted in memory and added to the tallies every few seconds as increments
/// (UPDATE … SET Views = Views + n): no write on the page's path, and nodes never overwrite each other's counts.
/// </summary>
public sealed class ExperimentViewCounter(IServiceScopeFactory scopes, ILogger<ExperimentViewCounter> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(long Experiment, string Variant, string Organization), StrongBox> _counts = new();

    public void Count(long experimentId, string variant, string organizationId) =>
        Interlocked.Increment(ref _counts.GetOrAdd((experimentId, variant, organizationId), _ => new StrongBox()).Value);

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var due = _counts.Select(c => (c.Key, Count: Interlocked.Exchange(ref c.Value.Value, 0))).Where(c => c.Count > 0).ToList();
        if (due.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        foreach (var (key, count) in due)
        {
            long views = count;
            try
            {
                await db.Set<HeadlineExperimentTally>().ForOrganization(key.Organization).Where(t => t.ExperimentId == key.Experiment && t.Variant == key.Variant)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.Views, t => t.Views + views), cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Kept for the next flush.
                Interlocked.Add(ref _counts.GetOrAdd(key, _ => new StrongBox()).Value, count);
                logger.LogWarning(ex, "Experiment views could not be saved; they are kept for the next try.");
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}
