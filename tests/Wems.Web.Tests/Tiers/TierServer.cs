using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Tiers;

/// <summary>
/// One demo server (<see cref="WemsFactory"/>) for the sign-in, token, admin, export-audit, public-layer, tier and fuzz
/// tests: its tile cache in a throwaway folder, case changes seen at once, the sign-in rate limit out of the way (it has its
/// own test) and every log entry captured (<see cref="Logs"/>).
/// </summary>
public sealed class TierServer : IAsyncLifetime
{
    private readonly string _cacheFolder = Path.Combine(Path.GetTempPath(), $"wems-tier-cache-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program> _server = null!;

    public WemsFactory Factory { get; } = new();

    /// <summary>Every log entry the server wrote.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        _server = Factory.WithWebHostBuilder(b => b
            .UseSetting("Tiles:CacheFolder", _cacheFolder)
            .UseSetting("Tiles:CaseChangePollSeconds", "0")
            .UseSetting("Governance:TokenRequestsPerMinute", "10000")
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs)));
    }

    /// <summary>The server, for derived servers with other settings.</summary>
    public WebApplicationFactory<Program> Server => _server;

    /// <summary>An anonymous client, or one with HTTP Basic credentials of a demo account.</summary>
    public HttpClient Client(string? username = null, string password = WemsFactory.Password)
    {
        var client = _server.CreateClient();
        if (username is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        return client;
    }

    /// <summary>A browser-like client over HTTPS that keeps cookies.</summary>
    public HttpClient Browser() =>
        _server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });

    /// <summary>A client that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient Bearer(string token)
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A short-lived bearer token of a demo account.</summary>
    public async Task<string> TokenAsync(string username, string password = WemsFactory.Password)
    {
        var response = await _server.CreateClient().PostAsJsonAsync(new Uri("/api/auth/token", UriKind.Relative), new { username, password });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>One value of a SQL query run with the test database's owner role (outside every tier).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = Factory.Database.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Nominal values in the database longer than five characters: offenders' names, aliases and identity numbers,
    /// companies' names and registrations, conveyance identifiers, notes. With <paramref name="visibleCountry"/>, only
    /// those that no case of that country has. Only of the cases that match <paramref name="caseCondition"/> (SQL on
    /// <c>seizure_case c</c>, test text only), the first <paramref name="limit"/> in text order: nominal data that leak
    /// would leak with the rows a caller sees, so the values of those rows are the ones to look for.
    /// </summary>
    public async Task<IReadOnlyList<string>> NominalValuesAsync(string caseCondition = "true", string? visibleCountry = null, int limit = 400)
    {
        const string values = """
            select o.case_id, o.name as v from case_offender o
            union all select o.case_id, unnest(o.aliases) from case_offender o
            union all select o.case_id, unnest(o.identity_numbers) from case_offender o
            union all select k.case_id, k.name from case_company k
            union all select k.case_id, k.registration_number from case_company k
            union all select v.case_id, v.identifier from case_conveyance v
            union all select n.case_id, n.text from case_note n
            """;
        var sql = $"""
            with nominal as ({values}), all_tagged as (select n.v, c.country, c.id from nominal n join seizure_case c on c.id = n.case_id where length(n.v) > 5),
            tagged as (select t.* from all_tagged t join seizure_case c on c.id = t.id where {caseCondition})
            select v from (
                select distinct v from tagged where @country::text is null or country <> @country::text
                except select v from all_tagged where country = @country::text
            ) x order by v limit {limit}
            """;
        await using var command = Factory.Database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter("country", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)visibleCountry ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    /// <summary>The first of <paramref name="values"/> found in <paramref name="body"/> (as UTF-8 text), or null.</summary>
    public static string? FirstFound(IReadOnlyList<string> values, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return values.FirstOrDefault(v => text.Contains(v, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ((IAsyncLifetime)Factory).DisposeAsync();
        if (Directory.Exists(_cacheFolder))
        {
            Directory.Delete(_cacheFolder, true);
        }
    }
}

/// <summary>The collection of the tests that share one <see cref="TierServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TierServerGroup : ICollectionFixture<TierServer>
{
    public const string Name = "tiers";
}

/// <summary>A log entry as the server wrote it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>A logger provider that keeps every entry, for tests that fail on database errors in the log.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
        }
    }
}
