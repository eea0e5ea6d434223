using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

public sealed class CaseBulkLoaderTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static IEnumerable<SeizureCase> Cases(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => CaseRepositoryTests.NewCase($"{prefix}-{i:D6}"));

    [Fact]
    public async Task Bulk_loaded_cases_read_back_like_single_inserts()
    {
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        var loader = new CaseBulkLoader(db.DataSource, repository);
        var one = CaseRepositoryTests.NewCase("BULK-RT-1") with { Id = Guid.NewGuid() };

        Assert.Equal(1, await loader.LoadAsync([one], "bulk-test"));

        var read = await repository.GetAsync(one.Id, includeNominal: true);
        Assert.Equal(one.Specimens, read!.Specimens);
        Assert.Equal(one.Nominal!.Offenders[0].Aliases, read.Nominal!.Offenders[0].Aliases);
    }

    [Theory]
    [InlineData(BulkLoadMode.Online)]
    [InlineData(BulkLoadMode.Exclusive)]
    public async Task Generated_cases_are_stored_exactly_as_the_generator_made_them(BulkLoadMode mode)
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var prefix = mode == BulkLoadMode.Online ? "RTON" : "RTEX";
        // The demo agencies' references would collide between the two runs; a prefix keeps them apart.
        var generated = DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 600, Seed = 11 })
            .Select(c => c with { Id = Guid.CreateVersion7(), Reference = prefix + c.Reference })
            .ToList();
        var repository = new CaseRepository(db.DataSource, new SharingRule());

        var count = await new CaseBulkLoader(db.DataSource, repository).LoadAsync(generated, "bulk-test", mode: mode);

        Assert.Equal(generated.Count, count);
        var ids = generated.Select(c => c.Id).ToArray();
        Assert.Equal((long)generated.Sum(c => c.Specimens.Count), await ScalarAsync("select count(*) from specimen where case_id = any(@ids)", ids));
        Assert.Equal((long)generated.Sum(c => c.TradeChain.Count), await ScalarAsync("select count(*) from trade_chain where case_id = any(@ids)", ids));
        Assert.Equal((long)generated.Sum(c => c.Nominal?.Offenders.Count ?? 0),
            await ScalarAsync("select count(*) from case_offender where case_id = any(@ids)", ids));
        // Every 37th case, read back whole through the repository.
        for (var i = 0; i < generated.Count; i += 37)
        {
            var expected = generated[i];
            var read = (await repository.GetAsync(expected.Id, includeNominal: true))!;
            Assert.Equal(expected with { Specimens = [], TradeChain = [], Nominal = null, Outcome = new() },
                read with { Specimens = [], TradeChain = [], Nominal = null, Outcome = new() });
            Assert.Equal(expected.Outcome, read.Outcome);
            Assert.Equal(expected.Specimens, read.Specimens);
            Assert.Equal(expected.TradeChain, read.TradeChain);
            Assert.Equal(expected.Nominal?.Companies ?? [], read.Nominal?.Companies ?? []);
            Assert.Equal(expected.Nominal?.Conveyances ?? [], read.Nominal?.Conveyances ?? []);
            Assert.Equal(expected.Nominal?.Notes ?? [], read.Nominal?.Notes ?? []);
            Assert.Equal(expected.Nominal?.Offenders.Select(o => o with { Aliases = [], IdentityNumbers = [] }) ?? [],
                read.Nominal?.Offenders.Select(o => o with { Aliases = [], IdentityNumbers = [] }) ?? []);
            Assert.Equal(expected.Nominal?.Offenders.SelectMany(o => o.Aliases.Concat(o.IdentityNumbers)) ?? [],
                read.Nominal?.Offenders.SelectMany(o => o.Aliases.Concat(o.IdentityNumbers)) ?? []);
        }
    }

    private async Task<long> ScalarAsync(string sql, Guid[] ids)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_load_larger_than_one_batch_stores_every_case_and_reports_progress()
    {
        var loader = new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule()));
        var reports = new List<long>();

        var count = await loader.LoadAsync(Cases("BULK-MANY", CaseBulkLoader.BatchSize + 7), "bulk-test", new SyncProgress(reports));

        Assert.Equal(CaseBulkLoader.BatchSize + 7, count);
        Assert.Equal([CaseBulkLoader.BatchSize, CaseBulkLoader.BatchSize + 7], reports);
        await using var command = db.DataSource.CreateCommand("select count(*) from seizure_case where reference like 'BULK-MANY-%'");
        Assert.Equal((long)count, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_load_that_fails_part_way_stores_nothing()
    {
        var loader = new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule()));
        var bad = CaseRepositoryTests.NewCase("BULK-FAIL-BAD") with { Specimens = [new SpecimenLine("Nonexistent species", "TUS", 1, null)] };

        await Assert.ThrowsAsync<ArgumentException>(() => loader.LoadAsync(Cases("BULK-FAIL", 10).Append(bad), "bulk-test"));

        await using var command = db.DataSource.CreateCommand("select count(*) from seizure_case where reference like 'BULK-FAIL-%'");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    private sealed class SyncProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}

public sealed class ExclusiveBulkLoadTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const string ConstraintsSql = """
        select (select count(*) from pg_constraint where contype = 'f' and conrelid in ('seizure_case'::regclass, 'specimen'::regclass, 'trade_chain'::regclass))
             + (select count(*) from pg_indexes where tablename in ('seizure_case', 'specimen', 'trade_chain'))
        """;

    [Fact]
    public async Task An_exclusive_load_stores_the_cases_and_restores_every_constraint_and_index()
    {
        var loader = new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule()));
        var before = await ScalarAsync(ConstraintsSql);

        var count = await loader.LoadAsync(Enumerable.Range(1, 50).Select(i => CaseRepositoryTests.NewCase($"EXCL-{i}")), "bulk-test",
            mode: BulkLoadMode.Exclusive);

        Assert.Equal(50, count);
        Assert.Equal(before, await ScalarAsync(ConstraintsSql));
        Assert.Equal(50L, await ScalarAsync("select count(*) from seizure_case where reference like 'EXCL-%'"));
    }

    [Fact]
    public async Task An_exclusive_load_with_a_row_that_breaks_a_foreign_key_stores_nothing_and_keeps_the_constraints()
    {
        var loader = new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule()));
        var before = await ScalarAsync(ConstraintsSql);
        var bad = CaseRepositoryTests.NewCase("EXFK-BAD") with { TransportMode = "hovercraft" };

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => loader.LoadAsync(
            [CaseRepositoryTests.NewCase("EXFK-OK"), bad], "bulk-test", mode: BulkLoadMode.Exclusive));

        Assert.Equal(0L, await ScalarAsync("select count(*) from seizure_case where reference like 'EXFK-%'"));
        Assert.Equal(before, await ScalarAsync(ConstraintsSql));
    }

    [Fact]
    public async Task An_exclusive_load_that_repeats_a_stored_reference_stores_nothing_and_keeps_the_keys()
    {
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        await repository.InsertAsync(CaseRepositoryTests.NewCase("EXDUP-1"), "bulk-test");
        var before = await ScalarAsync(ConstraintsSql);

        // The unique (agency, reference) key is re-created at the end of the load and finds the duplicate then.
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => new CaseBulkLoader(db.DataSource, repository).LoadAsync(
            [CaseRepositoryTests.NewCase("EXDUP-2"), CaseRepositoryTests.NewCase("EXDUP-1")], "bulk-test", mode: BulkLoadMode.Exclusive));

        Assert.Equal("23505", error.SqlState);
        Assert.Equal(1L, await ScalarAsync("select count(*) from seizure_case where reference like 'EXDUP-%'"));
        Assert.Equal(before, await ScalarAsync(ConstraintsSql));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
