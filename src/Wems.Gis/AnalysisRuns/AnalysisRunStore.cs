using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>Which cases an analysis run reads, on top of what the caller's tier may see.</summary>
/// <param name="From">First seizure date (inclusive), or null.</param>
/// <param name="To">Last seizure date (inclusive), or null.</param>
/// <param name="CommodityGroup">Only cases with a specimen line of this commodity group (species.commodity_group,
/// e.g. <c>ivory</c>), or null for all.</param>
/// <param name="Country">Only cases seized in this country (ISO alpha-2), or null.</param>
/// <param name="Species">Only cases with a specimen line of this species (scientific name), or null.</param>
/// <param name="Agency">Only cases recorded by this agency (its code), or null.</param>
/// <param name="TransportMode">Only cases of this transport mode (a <c>transport_modes</c> code), or null.</param>
public sealed record CaseFilter(DateOnly? From = null, DateOnly? To = null, string? CommodityGroup = null,
    string? Country = null, string? Species = null, string? Agency = null, string? TransportMode = null)
{
    /// <summary>No filter: every case the scope sees.</summary>
    public static CaseFilter All { get; } = new();
}

/// <summary>What a stored analysis run did.</summary>
/// <param name="RunId">Id of the new <c>analysis_run</c> row.</param>
/// <param name="InputCases">Cases the run read (visible to the scope and passing the filter).</param>
/// <param name="ResultRows">Rows stored for the run (hexagons, or border segments).</param>
/// <param name="DataVersion">SHA-256 (hex) over the input cases' ids and versions.</param>
/// <param name="DurationMs">Wall time of loading, computing and storing, milliseconds (the stored <c>duration_ms</c> stops before the result rows are written).</param>
public sealed record AnalysisRunSummary(long RunId, int InputCases, int ResultRows, string DataVersion, long DurationMs)
{
    /// <summary>Wall time of each step (e.g. load, aggregate, gi*, store), milliseconds, in order; empty when the run does not report them.</summary>
    public IReadOnlyList<(string Step, double Ms)> Steps { get; init; } = [];
}

/// <summary>A case as an analysis reads it: id, location, weight in kilograms.</summary>
internal readonly record struct CaseInput(Guid Id, GeoPoint Location, double Kilograms);

/// <summary>The cases an analysis read, and the version of the data they make.</summary>
internal sealed record CaseInputs(IReadOnlyList<CaseInput> Cases, DateTime? UpdatedAt, string DataVersion);

/// <summary>
/// What the analysis runs share: reading their input cases under the caller's tier, and writing the
/// <c>analysis_run</c> row with the scope, parameters and data version (migration 0008).
/// </summary>
internal static class AnalysisRunStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    // Row-level security decides which cases exist for the scope; this only applies the caller's filter. Commodity and
    // species match the specimen summary stored on the case (migration 0018), as the case tiles do.
    // Kilograms count the lines given in KIL or GRM, of the filtered commodity group when there is one; the subquery
    // runs only when asked for (a CASE evaluates its branch lazily): at a million cases it is most of the read.
    private const string CasesSql = """
        select c.id, c.version, c.updated_at, ST_X(c.geom), ST_Y(c.geom),
               case when @kilograms then
                 coalesce((select sum(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 end)
                           from specimen p join species s on s.id = p.species_id
                           where p.case_id = c.id and (@commodity::text is null or s.commodity_group = @commodity)), 0)::float8
               else 0::float8 end
        from seizure_case c
        where c.deleted_at is null
          and (@from::date is null or c.event_date >= @from)
          and (@to::date is null or c.event_date <= @to)
          and (@commodity::text is null or @commodity::text = any(string_to_array(c.commodities, ',')))
          and (@country::text is null or c.country = @country)
          and (@species::text is null or @species::text = any(string_to_array(c.species_names, ',')))
          and (@agency::text is null or c.agency_code = @agency)
          and (@mode::text is null or c.transport_mode = @mode)
        """;

    /// <summary>Opens a transaction under <paramref name="scope"/>; the run reads and writes in it.</summary>
    /// <exception cref="ArgumentException">The scope is public (no run is computed from case locations for it) or incomplete.</exception>
    public static async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginAsync(
        NpgsqlDataSource dataSource, CallerScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.Public)
        {
            throw new ArgumentException("Analysis runs are computed for a country or a region; the public tier sees no case locations.", nameof(scope));
        }

        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            await TierSession.ApplyAsync(connection, scope, ct);
            return (connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The cases visible in the transaction's scope that pass <paramref name="filter"/>, ordered by id; with
    /// <paramref name="kilograms"/>, each case's kilograms (else 0).
    /// </summary>
    public static async Task<CaseInputs> LoadCasesAsync(NpgsqlConnection connection, CaseFilter filter, CancellationToken ct,
        bool kilograms = false)
    {
        var cases = new List<CaseInput>();
        var keys = new List<UInt128>();
        var versions = new List<int>();
        DateTime? updatedAt = null;
        await using var command = new NpgsqlCommand(CasesSql, connection);
        command.Parameters.AddWithValue("kilograms", kilograms);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = (object?)filter.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = (object?)filter.To ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("commodity", NpgsqlDbType.Text) { Value = (object?)filter.CommodityGroup ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)filter.Country ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("species", NpgsqlDbType.Text) { Value = (object?)filter.Species ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Text) { Value = (object?)filter.Agency ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("mode", NpgsqlDbType.Text) { Value = (object?)filter.TransportMode ?? DBNull.Value });
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            // Read() rather than ReadAsync(): the rows arrive in large buffers, and the asynchronous call's per-row
            // overhead was a measurable part of reading a million cases; a buffer refill blocks this thread briefly.
            while (reader.Read())
            {
                var id = reader.GetGuid(0);
                var updated = reader.GetDateTime(2);
                updatedAt = updatedAt is { } u && u >= updated ? u : updated;
                keys.Add(SortKey(id));
                versions.Add(reader.GetInt32(1));
                cases.Add(new CaseInput(id, new GeoPoint(reader.GetDouble(3), reader.GetDouble(4)), reader.GetDouble(5)));
            }
        }

        // Sorted here rather than by ORDER BY: PostgreSQL's sort of a million uuids took longer than reading them.
        var order = Enumerable.Range(0, cases.Count).ToArray();
        Array.Sort(keys.ToArray(), order);
        // The version hash and the sorted list are independent passes over the same order: hashed on another core.
        var hashing = Task.Run(() =>
        {
            using var version = new DataVersionHash();
            foreach (var i in order)
            {
                version.Add(cases[i].Id, versions[i]);
            }

            return version.Finish();
        }, ct);
        var sorted = new CaseInput[cases.Count];
        for (var k = 0; k < order.Length; k++)
        {
            sorted[k] = cases[order[k]];
        }

        return new CaseInputs(sorted, updatedAt, await hashing);
    }

    // PostgreSQL orders uuids by their 16 bytes as written (RFC 4122, big-endian), as this key does.
    private static UInt128 SortKey(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private const string CaseFactsSql = "select id, country, event_date from seizure_case where id = any(@ids)";

    /// <summary>Seizure country and date of each of <paramref name="cases"/>, keyed by case id (read in the transaction's scope).</summary>
    public static async Task<Dictionary<Guid, (string Country, DateOnly Date)>> LoadCaseFactsAsync(
        NpgsqlConnection connection, IReadOnlyList<CaseInput> cases, CancellationToken ct)
    {
        var facts = new Dictionary<Guid, (string Country, DateOnly Date)>(cases.Count);
        await using var command = new NpgsqlCommand(CaseFactsSql, connection);
        command.Parameters.AddWithValue("ids", cases.Select(c => c.Id).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            facts[reader.GetGuid(0)] = (reader.GetString(1), reader.GetFieldValue<DateOnly>(2));
        }

        return facts;
    }

    private const string InsertRunSql = """
        insert into analysis_run (kind, parameters, tier, country, region, input_cases, input_updated_at, data_version,
            created_by, duration_ms)
        values (@kind, @parameters, @tier, @country, @region, @cases, @updated, @version, @actor, @duration)
        returning id
        """;

    /// <summary>Writes the run row for <paramref name="scope"/> and returns its id; RLS refuses a scope other than the caller's.</summary>
    public static async Task<long> InsertRunAsync<TParameters>(NpgsqlConnection connection, string kind, TParameters parameters,
        CallerScope scope, CaseInputs inputs, string actor, long durationMs, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertRunSql, connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(parameters, Json) });
        command.Parameters.AddWithValue("tier", scope.Tier switch
        {
            Tier.National => "national",
            Tier.Regional => "regional",
            _ => "public",
        });
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Char) { Value = scope.Tier == Tier.National ? scope.Country! : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = scope.Tier == Tier.Regional ? scope.Region! : DBNull.Value });
        command.Parameters.AddWithValue("cases", inputs.Cases.Count);
        command.Parameters.Add(new NpgsqlParameter("updated", NpgsqlDbType.TimestampTz) { Value = (object?)inputs.UpdatedAt ?? DBNull.Value });
        command.Parameters.AddWithValue("version", inputs.DataVersion);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("duration", (int)Math.Min(durationMs, int.MaxValue));
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// SHA-256 (hex) over the lines "{id as 32 hex digits}:{version}\n" of the cases in id order, fed in blocks
    /// instead of one string (a million cases make a 40 MB string otherwise).
    /// </summary>
    private sealed class DataVersionHash : IDisposable
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] buffer = new byte[64 * 1024];
        private int used;

        public void Add(Guid id, int version)
        {
            if (used > buffer.Length - 64)
            {
                hash.AppendData(buffer, 0, used);
                used = 0;
            }

            var span = buffer.AsSpan(used);
            id.TryFormat(span, out var written, "N");
            span[written++] = (byte)':';
            version.TryFormat(span[written..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
            written += digits;
            span[written++] = (byte)'\n';
            used += written;
        }

        public string Finish()
        {
            hash.AppendData(buffer, 0, used);
            used = 0;
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        public void Dispose() => hash.Dispose();
    }

    /// <summary>A NaN as SQL null (Gi* is undefined in some cells).</summary>
    public static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
