using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

/// <summary>
/// The specimen summary on the case row (migration 0018: commodities, species_names, quantity_kg) always equals what
/// case_summary() computes from the specimen lines, whichever way the lines were written.
/// </summary>
public sealed class CaseSummaryTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly CallerScope KenyaWildlife = CallerScope.National("ke-officer", "KE", "KWS");

    // Rows whose stored summary differs from the recomputed one, compared as text so that the numeric's scale counts too.
    private const string StaleSql = """
        select count(*) from seizure_case c join case_summary(@ids) x on x.case_id = c.id
        where (c.commodities, c.species_names, c.quantity_kg::text) is distinct from (x.commodities, x.species_names, x.quantity_kg::text)
        """;

    private async Task<long> StaleAsync(params Guid[] ids)
    {
        await using var command = db.DataSource.CreateCommand(StaleSql);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(string? Commodities, string? Species, decimal? Kg)> StoredAsync(Guid id)
    {
        await using var command = db.DataSource.CreateCommand("select commodities, species_names, quantity_kg from seizure_case where id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetDecimal(2));
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_case_created_through_the_tier_api_carries_its_summary()
    {
        var seizure = CaseRepositoryTests.NewCase($"SUM-C-{Guid.NewGuid():N}"[..20]) with
        {
            Specimens =
            [
                new SpecimenLine("Smutsia temminckii", "SCA", 2500m, "GRM"),
                new SpecimenLine("Loxodonta africana", "TUS", 14.5m, "KIL"),
                new SpecimenLine("Loxodonta africana", "TUS", 2, null),
            ],
        };
        var repository = new CaseRepository(db.DataSource, new SharingRule());

        var created = await repository.CreateAsync(seizure, KenyaWildlife);

        // 14.5 kg + 2,500 g; the line counted in pieces has no weight.
        Assert.Equal(("ivory,pangolin", "Loxodonta africana,Smutsia temminckii", 17m), await StoredAsync(created.Id));
        Assert.Equal(0, await StaleAsync(created.Id));
    }

    [Fact]
    public async Task Inserting_updating_and_deleting_specimen_lines_keeps_the_summary_current()
    {
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        var id = await repository.InsertAsync(CaseRepositoryTests.NewCase($"SUM-L-{Guid.NewGuid():N}"[..20]), "test-officer");
        Assert.Equal(("ivory", "Loxodonta africana", 14.5m), await StoredAsync(id));

        await ExecuteAsync("""
            insert into specimen (case_id, line_no, species_id, term, quantity, unit)
            select @id, 3, s.id, 'SCA', 800, 'GRM' from species s where s.scientific_name = 'Smutsia gigantea'
            """, id);
        Assert.Equal(("ivory,pangolin", "Loxodonta africana,Smutsia gigantea", 15.3m), await StoredAsync(id));

        await ExecuteAsync("update specimen set quantity = 20 where case_id = @id and line_no = 2", id);
        Assert.Equal(("ivory,pangolin", "Loxodonta africana,Smutsia gigantea", 20.8m), await StoredAsync(id));

        await ExecuteAsync("delete from specimen where case_id = @id and line_no in (1, 2)", id);
        Assert.Equal(("pangolin", "Smutsia gigantea", 0.8m), await StoredAsync(id));

        await ExecuteAsync("delete from specimen where case_id = @id", id);
        Assert.Equal((null, null, null), await StoredAsync(id));
        Assert.Equal(0, await StaleAsync(id));
    }

    [Fact]
    public async Task Replacing_a_case_through_the_tier_api_replaces_its_summary()
    {
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        var seizure = CaseRepositoryTests.NewCase($"SUM-U-{Guid.NewGuid():N}"[..20]);
        var created = await repository.CreateAsync(seizure, KenyaWildlife);

        var updated = await repository.UpdateAsync(created.Id,
            seizure with { Specimens = [new SpecimenLine("Pterocarpus tinctorius", "TIM", 3, "CUM")] }, created.Version, KenyaWildlife);

        Assert.Equal(CaseWriteOutcome.Updated, updated.Outcome);
        Assert.Equal(("timber", "Pterocarpus tinctorius", (decimal?)null), await StoredAsync(created.Id));
    }

    [Theory]
    [InlineData(BulkLoadMode.Online)]
    [InlineData(BulkLoadMode.Exclusive)]
    public async Task Bulk_loaded_cases_carry_the_summary_the_database_computes(BulkLoadMode mode)
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var prefix = mode == BulkLoadMode.Online ? "SMON" : "SMEX";
        var generated = DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 800, Seed = 23 })
            .Select(c => c with { Id = Guid.CreateVersion7(), Reference = prefix + c.Reference })
            .ToList();
        var loader = new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule()));

        await loader.LoadAsync(generated, "bulk-test", mode: mode);

        var ids = generated.Select(c => c.Id).ToArray();
        Assert.Equal(0, await StaleAsync(ids));
        await using var command = db.DataSource.CreateCommand("select count(*) from seizure_case where id = any(@ids) and commodities is not null");
        command.Parameters.AddWithValue("ids", ids);
        Assert.Equal((long)generated.Count(c => c.Specimens.Count > 0), (long)(await command.ExecuteScalarAsync())!);
    }
}
