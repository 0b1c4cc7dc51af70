package guard

// externalFunctions read data from storage or services outside the workspace.
var externalFunctions = map[string]bool{
	"external_table": true, "externaldata": true, "external_data": true,
}

// deniedPlugins run user code or reach services outside the workspace; the
// value completes the sentence "it …" in the diagnostic.
var deniedPlugins = map[string]string{
	"python":                                "runs Python code",
	"r":                                     "runs R code",
	"csharp":                                "runs C# code",
	"http_request":                          "sends HTTP requests",
	"http_request_post":                     "sends HTTP requests",
	"sql_request":                           "queries an SQL server",
	"mysql_request":                         "queries a MySQL server",
	"postgresql_request":                    "queries a PostgreSQL server",
	"cosmosdb_sql_request":                  "queries Cosmos DB",
	"azure_digital_twins_query_request":     "queries Azure Digital Twins",
	"execute_query":                         "runs another query text",
	"execute_show_command":                  "runs a management command",
	"execute_script":                        "runs a script",
	"external_datatable":                    "reads external data",
	"infer_storage_schema":                  "reads external storage",
	"infer_storage_schema_with_suggestions": "reads external storage",
	"ai_chat_completion":                    "calls an AI service",
	"ai_chat_completion_prompt":             "calls an AI service",
	"ai_embed_text":                         "calls an AI service",
	"ai_embeddings":                         "calls an AI service",
}

// readOnlyPlugins compute only over their input; any plugin in neither list is
// rejected as unknown, so a new plugin is denied until someone vets it.
var readOnlyPlugins = map[string]bool{
	"bag_unpack": true, "pivot": true, "narrow": true, "autocluster": true, "basket": true,
	"diffpatterns": true, "diffpatterns_text": true, "preview": true, "rolling_percentile": true,
	"rows_near": true, "sequence_detect": true, "session_count": true,
	"sliding_window_counts": true, "funnel_sequence": true, "funnel_sequence_completion": true,
	"active_users_count": true, "activity_counts_metrics": true, "activity_engagement": true,
	"activity_metrics": true, "new_activity_metrics": true, "dcount_intersect": true,
	"ipv4_lookup": true, "ipv6_lookup": true, "geo_line_lookup": true, "geo_polygon_lookup": true,
	"estimate_rows_count": true, "schema_merge": true, "market_basket": true,
}
