using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Domain.Sharing;

namespace GovData.Portal.Services;

/// <summary>One thing awaiting the signed-in user's decision, with the deadline that binds it.</summary>
public sealed record WorkItem(string Kind, string Title, string Href, string? Detail, DateOnly? DueDate, bool Provisional, bool Overdue,
    string? Rule, string? Article, DateTimeOffset? Since);

/// <summary>
/// The approver's single work queue, composed from the features' own lists (the API has no queue endpoint): catalog reviews,
/// share decisions and coordination, data to aggregate for an approved share, security reviews of open data, open-data
/// applications and demands, error reports.
/// Sorted by due date; items without a statutory deadline come last, oldest first.
/// </summary>
public sealed class WorkQueue(Api api, Session session)
{
    /// <summary>Everything the user's roles must decide now.</summary>
    public async Task<(IReadOnlyList<WorkItem> Items, IReadOnlyList<string> Failures)> LoadAsync(DateTimeOffset now)
    {
        var me = session.User ?? throw new InvalidOperationException("not signed in");
        var sources = new List<Task<IEnumerable<WorkItem>>>();
        if (session.HasAny(Role.CatalogReviewer, Role.DataAuthority)) sources.Add(CatalogAsync(me));
        if (session.HasAny(Role.DataSteward, Role.DataAuthority, Role.CoordinationOffice)) sources.Add(SharingAsync(me, now));
        if (session.Has(Role.DataAuthority))
        {
            sources.Add(PublishesAsync());
            sources.Add(ApplicationsAsync(now));
        }
        if (session.HasAny(Role.DataSteward, Role.DataAuthority)) sources.Add(FindingsAsync(me));
        if (session.Has(Role.DataSteward))
        {
            sources.Add(DemandsAsync(now));
            sources.Add(FeedbackAsync(me, now));
            sources.Add(ReturnedAsync());
            sources.Add(AvailabilityAsync(me));
        }
        var items = new List<WorkItem>();
        var failures = new List<string>();
        foreach (var source in sources)
        {
            try { items.AddRange(await source); }
            catch (ApiProblem p) { failures.Add(p.ForUser); }
        }
        return (items.OrderBy(i => i.DueDate is null).ThenBy(i => i.DueDate).ThenBy(i => i.Since).ToList(), failures);
    }

    private async Task<IEnumerable<WorkItem>> CatalogAsync(SignedIn me)
    {
        var drafts = (await api.GetAsync<ItemsBody<EntryView>>("api/catalog/drafts")).Items;
        return drafts.Where(e => e.Working is { } w &&
                ((w.State == CatalogEntryState.Submitted && session.Has(Role.CatalogReviewer) && e.Department == me.Department)
                 || (w.State == CatalogEntryState.DepartmentApproved && session.Has(Role.DataAuthority))))
            .Select(e => new WorkItem("目录审核", e.Name, $"catalog/{e.Id}", $"{e.Code} 第{e.Working!.Number}版 · {ZhLabel(e.Working.State)}",
                null, false, false, e.Working.RouteRule, null, e.Working.SubmittedAt));
    }

    private async Task<IEnumerable<WorkItem>> SharingAsync(SignedIn me, DateTimeOffset now)
    {
        var office = session.Has(Role.CoordinationOffice);
        var list = (await api.GetAsync<ItemsBody<ShareListItem>>("api/sharing/requests")).Items
            .Where(r => (r.State == ShareRequestState.PendingDecision && (
                    (r.CurrentStep == DecisionStep.Provider && session.Has(Role.DataSteward) && r.Provider == me.Department)
                    || (r.CurrentStep == DecisionStep.DataAuthority && session.Has(Role.DataAuthority))
                    || (office && (r.Escalated || r.GreenChannelPending))))
                // The CoordinationOffice also concludes disputes and follows up availability deadlines escalated to it.
                || (office && (r.State == ShareRequestState.Disputed || r.AvailabilityEscalated)))
            .ToList();
        // The list has no rule; each request's deadline names it and its article.
        var details = await Task.WhenAll(list.Select(r => api.GetAsync<ShareRequestView>($"api/sharing/requests/{r.Id}")));
        return details.Select(r => Item(r, office, now));
    }

    // What the request asks of the user now, with the deadline that binds it.
    private static WorkItem Item(ShareRequestView r, bool office, DateTimeOffset now)
    {
        var what = $"{r.Terms.EntryCode} · 申请数据项 {r.Terms.Items.Count} 项 · 用途：{r.Terms.Purpose}";
        if (office && r.State == ShareRequestState.Disputed && r.DisputeDeadline is { } dd)
            return new WorkItem("共享异议处理", r.Terms.EntryName, $"sharing/{r.Id}", $"{r.Terms.EntryCode} · 异议：{r.Dispute?.Reason}",
                dd.DueDate, dd.Provisional, Overdue(dd.DueDate, now), dd.Rule, dd.Article, null);
        if (office && r.State == ShareRequestState.PendingDecision && r.GreenChannel is { Approved: null } gc)
            return new WorkItem("绿色通道审核", r.Terms.EntryName, $"sharing/{r.Id}", $"{r.Terms.EntryCode} · 紧急理由：{gc.Reason}",
                r.Deadline?.DueDate, r.Deadline?.Provisional == true, r.Overdue, r.Deadline?.Rule, r.Deadline?.Article, gc.RequestedAt);
        if (office && r.AvailabilityEscalation is not null && r.AvailabilityDeadline is { } ad && r.Availability is null)
            return new WorkItem("共享数据汇聚督办", r.Terms.EntryName, $"sharing/{r.Id}", $"{r.Terms.EntryCode} · 提供部门逾期未汇聚数据",
                ad.DueDate, ad.Provisional, true, ad.Rule, ad.Article, null);
        return new WorkItem(office && r.Escalation is not null ? "共享协调" : "共享审批", r.Terms.EntryName, $"sharing/{r.Id}", what,
            r.Deadline?.DueDate, r.Deadline?.Provisional == true, r.Overdue, r.Deadline?.Rule, r.Deadline?.Article, null);
    }

    private async Task<IEnumerable<WorkItem>> PublishesAsync()
    {
        var list = (await api.GetAsync<ItemsBody<PublishView>>("api/opening/publishes?state=AwaitingReview")).Items;
        var entries = await Task.WhenAll(list.Select(async p =>
        {
            try { return await api.GetAsync<EntryView>($"api/catalog/entries/{p.EntryId}"); }
            catch (ApiProblem) { return null; }
        }));
        return list.Select((p, i) => new WorkItem("开放安全审查", $"开放发布：{entries[i]?.Name ?? p.EntryId}", $"opening/publishes/{p.Id}",
            $"汇聚第{p.CuratedVersion}版 · {p.Rows} 行 · 扫描发现 {p.FindingCount ?? 0} 处疑似个人信息", null, false, false, null, null, p.RequestedAt));
    }

    private async Task<IEnumerable<WorkItem>> ApplicationsAsync(DateTimeOffset now)
    {
        var list = (await api.GetAsync<ItemsBody<ApplicationView>>("api/opening/applications?state=Pending")).Items;
        return list.Select(a => new WorkItem("开放申请", $"{a.ApplicantName} 申请《{a.DatasetName}》", $"opening/applications/{a.Id}",
            $"{(a.ApplicantType is { } t ? Zh.L(t) : "")} · {(a.Use is { } u ? Zh.L(u) : "")} · {a.Purpose}",
            a.DueDate, a.DueDateProvisional == true, a.DueDate is { } d && Overdue(d, now), a.DeadlineRule, null, a.AppliedAt));
    }

    private async Task<IEnumerable<WorkItem>> DemandsAsync(DateTimeOffset now)
    {
        var list = (await api.GetAsync<ItemsBody<DemandView>>("api/opening/demands?open=true")).Items.Where(d => d.Answer is null);
        return list.Select(d => new WorkItem("开放需求答复", d.Title ?? d.Id, $"opening/demands/{d.Id}", d.Description,
            d.DueDate, d.DueDateProvisional == true, d.DueDate is { } due && Overdue(due, now), d.DeadlineRule, null, d.ReceivedAt));
    }

    private async Task<IEnumerable<WorkItem>> FeedbackAsync(SignedIn me, DateTimeOffset now)
    {
        var list = (await api.GetAsync<ItemsBody<FeedbackView>>("api/aggregation/feedback")).Items
            .Where(f => f.Provider == me.Department && f.State == GovData.Domain.Aggregation.ErrorFeedbackState.Open);
        return list.Select(f => new WorkItem("数据纠错答复", $"{f.EntryCode} {f.Item}", $"feedback/{f.Id}", f.Description,
            f.DueDate, f.DueDateProvisional == true, f.DueDate is { } d && Overdue(d, now), f.Rule, null, f.ReportedAt));
    }

    // Data approved for sharing but not yet on the platform: the provider must aggregate it within the availability deadline
    // (002 第二十三条), which the share request's own list does not show once the request is answered.
    private async Task<IEnumerable<WorkItem>> AvailabilityAsync(SignedIn me)
    {
        var due = (await api.GetAsync<List<DeadlineView>>("api/deadlines"))
            .Where(d => d.Kind == "sharing.availability" && d.Department == me.Department)
            .Select(d => (Deadline: d, RequestId: d.Subject.Split('/')[^1])).ToList();
        var requests = await Task.WhenAll(due.Select(async x =>
        {
            try { return await api.GetAsync<ShareRequestView>($"api/sharing/requests/{x.RequestId}"); }
            catch (ApiProblem) { return null; }
        }));
        return due.Zip(requests, (x, r) => new WorkItem(x.Deadline.KindLabel, r?.Terms.EntryName ?? x.Deadline.Subject, $"sharing/{x.RequestId}",
            r is null ? "须汇聚至平台后共享给申请部门" : $"{r.Terms.EntryCode} · 须汇聚至平台后共享给申请部门",
            x.Deadline.DueDate, x.Deadline.Provisional, x.Deadline.Overdue, x.Deadline.Rule, x.Deadline.Article, null));
    }

    // Findings: the department's open ones to remedy or explain; for the DataAuthority, the answered ones to accept or reopen.
    private async Task<IEnumerable<WorkItem>> FindingsAsync(SignedIn me)
    {
        var list = (await api.GetAsync<ItemsBody<FindingView>>("api/supervision/findings")).Items;
        var mine = session.Has(Role.DataSteward)
            ? list.Where(f => f.State == GovData.Domain.Supervision.FindingState.Open && f.Department == me.Department)
                .Select(f => new WorkItem("整改事项", f.Description, $"findings/{Uri.EscapeDataString(f.Id)}", f.Citation, null, false, false, f.Rule, null, f.RaisedAt))
            : [];
        var answered = session.Has(Role.DataAuthority)
            ? list.Where(f => f.State is GovData.Domain.Supervision.FindingState.Remedied or GovData.Domain.Supervision.FindingState.AcceptanceRequested)
                .Select(f => new WorkItem("整改审核", f.Description, $"findings/{Uri.EscapeDataString(f.Id)}", $"{f.Citation} · {Zh.L(f.State)}", null, false, false, f.Rule, null,
                    f.History.LastOrDefault()?.At ?? f.RaisedAt))
            : [];
        return mine.Concat(answered);
    }

    private async Task<IEnumerable<WorkItem>> ReturnedAsync()
    {
        var drafts = (await api.GetAsync<ItemsBody<EntryView>>("api/catalog/drafts")).Items;
        return drafts.Where(e => e.Working?.State == CatalogEntryState.Returned)
            .Select(e => new WorkItem("目录退回修改", e.Name, $"catalog/{e.Id}", "退回理由：" + string.Join("；", e.Working!.Reviews.LastOrDefault()?.Reasons ?? []),
                null, false, false, null, null, e.Working.Reviews.LastOrDefault()?.At));
    }

    private static bool Overdue(DateOnly due, DateTimeOffset now) => GovData.Domain.Calendar.ChinaTime.DateOf(now) > due;

    private static string ZhLabel(CatalogEntryState s) => Zh.L(s);
}
