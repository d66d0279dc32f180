package dev.upskill.inference.catalog;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.upskill.inference.text.LanguageTags;
import dev.upskill.proto.v1.CatalogBackend;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.InferredCompetency;
import dev.upskill.proto.v1.Level;
import io.milvus.orm.iterator.QueryIterator;
import io.milvus.response.QueryResultsWrapper.RowRecord;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.CollectionSchema;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryIteratorReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Milvus catalog backend: every tenant's courses and frameworks in three collections of one Milvus server
 * or cluster (or Milvus Lite), searched by dense vectors only (HNSW, cosine).
 *
 * <p>Collections, named with a prefix ({@value #DEFAULT_PREFIX} by default, so several catalogs can share one
 * Milvus):
 * <ul>
 *   <li>{@code <prefix>courses}: one row per course. Primary key {@code tenant:base64url(course id)}; the tenant
 *   is the partition key (searches filter on it, so Milvus reads only that tenant's partition); the vector under
 *   an HNSW index (cosine); the filter fields (explicit and inferred competency ids, level, language and its
 *   primary subtag lower-cased, provider lower-cased, duration, format, course id); the digest; and the
 *   {@code Course} message itself, protobuf in base64, split over two VarChar fields when one cannot hold it (so
 *   a course may take about 97 KB as protobuf). The filter fields have INVERTED indexes (on Milvus Lite all but
 *   the competency array: it has no index on arrays).</li>
 *   <li>{@code <prefix>competencies}: the frameworks, versioned (below).</li>
 *   <li>{@code <prefix>meta}: the embedding model, the index version, and per tenant the time of the last change
 *   and the live framework generation. (Milvus wants a vector field in every collection: this one has a
 *   constant two-dimensional one.)</li>
 * </ul>
 *
 * <p>Framework updates are atomic although Milvus has no transactions. A competency row is visible to readers
 * of framework generation {@code g} when {@code born <= g < died}. An update to generation {@code g + 1} retires
 * the rows it replaces or deletes ({@code died = g + 1}) and adds the new ones ({@code born = g + 1}): neither
 * changes what readers of {@code g} see. It then switches the tenant's generation with one write to the meta
 * collection. Rows of an update that failed half-way are undone by the next update; rows retired two
 * generations ago are deleted.
 *
 * <p>A {@linkplain #rewrite rewrite} runs in place, batch by batch: searches during it see some courses
 * rewritten and others not yet (Lucene's rewrite swaps the whole index at once). It cannot change the vector
 * dimension, which is fixed per collection: after a change of embedding model to another dimension, drop the
 * collections (or use a new prefix) and send the catalog again.
 *
 * <p>Every write goes through one lock (Milvus Lite wants the writes to a collection serialised) and bumps a
 * counter in the meta collection, the {@linkplain #version() index version}. Reads and writes run at Strong
 * consistency, so a write is visible to every search when its method returns. Several servers may share a
 * prefix; the version then still changes with every write but two servers can give the same number to
 * different writes.
 *
 * <p>{@link #commit()} does nothing: Milvus persists every write it acknowledges (in its write-ahead log; Milvus
 * Lite in its data directory, which keeps data across a kill -9), and flushing only seals segments, at most
 * once in 10 seconds per collection by default.
 *
 * <p>When Milvus cannot be reached or does not answer in time, methods throw
 * {@link CatalogUnavailableException}; other Milvus errors surface as {@link IllegalStateException}.
 */
public final class MilvusCatalogIndex implements CatalogIndex {

    private static final Logger log = LoggerFactory.getLogger(MilvusCatalogIndex.class);

    public static final String DEFAULT_PREFIX = "upskill_";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,200}");
    /** Between a key's parts: in neither tenant ids ({@code A-Z a-z 0-9 . _ -}) nor base64url. */
    private static final char SEPARATOR = ':';
    /** {@code died} of a row no generation has retired yet. */
    private static final long LIVE = Long.MAX_VALUE;
    private static final ConsistencyLevel STRONG = ConsistencyLevel.STRONG;

    /** Byte length of the longest VarChar Milvus stores. */
    private static final int VARCHAR_MAX = 65_535;
    /** Base64 characters per payload field (below {@link #VARCHAR_MAX}); two fields hold a payload. */
    private static final int PAYLOAD_CHUNK = 65_000;
    private static final int KEY_BYTES = 1_024;
    private static final int TENANT_BYTES = 256;
    private static final int SHORT_TEXT_BYTES = 1_024;
    private static final int COMPETENCY_ID_BYTES = 512;
    private static final int MAX_COMPETENCIES_PER_COURSE = 1_024;
    /** Rows per write request, and a soft cap on a request's size: Milvus Lite takes at most 4 MiB per request. */
    private static final int WRITE_ROWS = 256;
    private static final long WRITE_BYTES = 2L << 20;
    /** Ids per query by key, rows per iterator page. */
    private static final int READ_BATCH = 256;
    /** Milvus's largest top k. */
    private static final int MAX_TOP_K = 16_384;

    private static final String KEY = "key";
    private static final String TENANT = "tenant";
    private static final String VECTOR = "vector";
    private static final String PAYLOAD = "payload";
    private static final String PAYLOAD_2 = "payload_2";
    private static final String DIGEST = "digest";
    private static final String COURSE_ID = "course_id";
    private static final String COMPETENCIES = "competencies";
    private static final String LEVEL = "level";
    private static final String LANGUAGE = "language";
    private static final String LANGUAGE_PRIMARY = "language_primary";
    private static final String PROVIDER = "provider";
    private static final String DURATION = "duration";
    private static final String FORMAT = "format";
    private static final String COMPETENCY_ID = "competency_id";
    private static final String BORN = "born";
    private static final String DIED = "died";
    private static final String KIND = "kind";
    private static final String TEXT = "text";
    private static final String NUMBER = "number";
    private static final String GENERATION = "generation";

    private static final String META_MODEL = "embedding-model";
    private static final String META_VERSION = "version";
    private static final String KIND_TENANT = "tenant";
    private static final String KIND_SETTING = "setting";

    private static final List<String> COURSE_FIELDS = List.of(PAYLOAD, PAYLOAD_2, DIGEST, VECTOR);
    private static final List<String> COMPETENCY_FIELDS =
            List.of(KEY, TENANT, COMPETENCY_ID, BORN, DIED, PAYLOAD, PAYLOAD_2, VECTOR);

    private final MilvusClientV2 client;
    private final String address;
    private final String courses;
    private final String competencies;
    private final String meta;
    private final int dimension;
    private final int candidateDepth;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();

    /** A tenant's row of the meta collection. */
    private record TenantState(long updatedMillis, long generation) {
    }

    /**
     * Connects to Milvus at {@code uri} and opens the catalog under {@code prefix}, creating its collections when
     * absent.
     *
     * @param dimension      length of the course and competency vectors; must match existing collections
     * @param candidateDepth how many nearest neighbours HNSW collects before the top k are cut (ef)
     * @param timeout        for connecting and for each call to Milvus
     * @throws CatalogUnavailableException when Milvus cannot be reached
     */
    public static MilvusCatalogIndex connect(String uri, String prefix, int dimension, int candidateDepth,
                                             Duration timeout, Clock clock) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a Milvus collection prefix is a letter or _ and then letters, digits"
                    + " and _: " + prefix);
        }
        MilvusClientV2 client;
        try {
            client = new MilvusClientV2(ConnectConfig.builder()
                    .uri(uri)
                    .connectTimeoutMs(timeout.toMillis())
                    .rpcDeadlineMs(timeout.toMillis())
                    .build());
        } catch (RuntimeException e) {
            throw new CatalogUnavailableException("cannot connect to Milvus at " + uri + ": " + e.getMessage(), e);
        }
        // The SDK's default retries a failing call 75 times over minutes; a caller waiting on a search should hear
        // UNAVAILABLE well within its deadline.
        client.retryConfig(RetryConfig.builder().maxRetryTimes(3).maxRetryTimeoutMs(timeout.toMillis()).build());
        try {
            return new MilvusCatalogIndex(client, uri, prefix, dimension, candidateDepth, clock);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private MilvusCatalogIndex(MilvusClientV2 client, String address, String prefix, int dimension,
                               int candidateDepth, Clock clock) {
        this.client = client;
        this.address = address;
        this.courses = prefix + "courses";
        this.competencies = prefix + "competencies";
        this.meta = prefix + "meta";
        this.dimension = dimension;
        this.candidateDepth = candidateDepth;
        this.clock = clock;
        String server = call("ask for the server version", client::getServerVersion);
        // Milvus Lite has scalar indexes, but none on arrays (and refuses the whole collection for one).
        boolean lite = server.startsWith("milvus_lite");
        ensureCollection(courses, this::courseSchema, dimension, courseScalarIndexes(!lite));
        ensureCollection(competencies, this::competencySchema, dimension, List.of());
        ensureCollection(meta, MilvusCatalogIndex::metaSchema, 2, List.of());
    }

    /** The names of this catalog's collections, for tools and tests that manage them. */
    public List<String> collections() {
        return List.of(courses, competencies, meta);
    }

    @Override
    public CatalogBackend backend() {
        return CatalogBackend.CATALOG_BACKEND_MILVUS;
    }

    @Override
    public boolean supportsLexicalSearch() {
        return false;
    }

    @Override
    public String version() {
        return Long.toString(storedVersion());
    }

    @Override
    public Optional<String> embeddingModel() {
        return readMeta(META_MODEL).map(row -> (String) row.get(TEXT));
    }

    // ---------------------------------------------------------------- collections

    private CollectionSchema courseSchema() {
        CollectionSchema schema = MilvusClientV2.CreateSchema();
        schema.addField(varchar(KEY, KEY_BYTES).isPrimaryKey(true).build());
        schema.addField(varchar(TENANT, TENANT_BYTES).isPartitionKey(true).build());
        schema.addField(vectorField(dimension));
        schema.addField(AddFieldReq.builder().fieldName(COMPETENCIES).dataType(DataType.Array)
                .elementType(DataType.VarChar).maxLength(COMPETENCY_ID_BYTES)
                .maxCapacity(MAX_COMPETENCIES_PER_COURSE).build());
        schema.addField(AddFieldReq.builder().fieldName(LEVEL).dataType(DataType.Int32).build());
        schema.addField(varchar(LANGUAGE, SHORT_TEXT_BYTES).build());
        schema.addField(varchar(LANGUAGE_PRIMARY, SHORT_TEXT_BYTES).build());
        schema.addField(varchar(PROVIDER, SHORT_TEXT_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(DURATION).dataType(DataType.Int32).build());
        schema.addField(AddFieldReq.builder().fieldName(FORMAT).dataType(DataType.Int32).build());
        schema.addField(varchar(COURSE_ID, KEY_BYTES).build());
        schema.addField(varchar(DIGEST, SHORT_TEXT_BYTES).build());
        schema.addField(varchar(PAYLOAD, VARCHAR_MAX).build());
        schema.addField(varchar(PAYLOAD_2, VARCHAR_MAX).build());
        return schema;
    }

    private static List<IndexParam> courseScalarIndexes(boolean arrays) {
        return Stream.of(COMPETENCIES, LEVEL, LANGUAGE, LANGUAGE_PRIMARY, PROVIDER, DURATION, FORMAT, COURSE_ID)
                .filter(field -> arrays || !field.equals(COMPETENCIES))
                .map(field -> IndexParam.builder().fieldName(field).indexType(IndexParam.IndexType.INVERTED).build())
                .toList();
    }

    private CollectionSchema competencySchema() {
        CollectionSchema schema = MilvusClientV2.CreateSchema();
        schema.addField(varchar(KEY, KEY_BYTES).isPrimaryKey(true).build());
        schema.addField(varchar(TENANT, TENANT_BYTES).isPartitionKey(true).build());
        schema.addField(varchar(COMPETENCY_ID, KEY_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(BORN).dataType(DataType.Int64).build());
        schema.addField(AddFieldReq.builder().fieldName(DIED).dataType(DataType.Int64).build());
        schema.addField(varchar(PAYLOAD, VARCHAR_MAX).build());
        schema.addField(varchar(PAYLOAD_2, VARCHAR_MAX).build());
        schema.addField(vectorField(dimension));
        return schema;
    }

    private static CollectionSchema metaSchema() {
        CollectionSchema schema = MilvusClientV2.CreateSchema();
        schema.addField(varchar(KEY, KEY_BYTES).isPrimaryKey(true).build());
        schema.addField(varchar(KIND, 64).build());
        schema.addField(varchar(TENANT, TENANT_BYTES).build());
        schema.addField(varchar(TEXT, VARCHAR_MAX).build());
        schema.addField(AddFieldReq.builder().fieldName(NUMBER).dataType(DataType.Int64).build());
        schema.addField(AddFieldReq.builder().fieldName(GENERATION).dataType(DataType.Int64).build());
        schema.addField(vectorField(2));
        return schema;
    }

    private static AddFieldReq.AddFieldReqBuilder<?> varchar(String name, int maxBytes) {
        return AddFieldReq.builder().fieldName(name).dataType(DataType.VarChar).maxLength(maxBytes);
    }

    private static AddFieldReq vectorField(int dimension) {
        return AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector).dimension(dimension).build();
    }

    private static IndexParam vectorIndex(int dimension) {
        if (dimension == 2) { // the meta collection's placeholder
            return IndexParam.builder().fieldName(VECTOR).indexType(IndexParam.IndexType.FLAT)
                    .metricType(IndexParam.MetricType.COSINE).build();
        }
        return IndexParam.builder().fieldName(VECTOR).indexType(IndexParam.IndexType.HNSW)
                .metricType(IndexParam.MetricType.COSINE)
                .extraParams(Map.of("M", 16, "efConstruction", 200))
                .build();
    }

    /**
     * Opens {@code name}, or creates it with its indexes and loads it. A Milvus that refuses the scalar indexes
     * gets the collection with its vector index only: filters then scan.
     */
    private void ensureCollection(String name, Supplier<CollectionSchema> schema, int vectorDimension,
                                  List<IndexParam> scalarIndexes) {
        if (call("look up collection " + name,
                () -> client.hasCollection(HasCollectionReq.builder().collectionName(name).build()))) {
            Integer stored = call("describe collection " + name, () -> client.describeCollection(
                    DescribeCollectionReq.builder().collectionName(name).build()))
                    .getCollectionSchema().getField(VECTOR).getDimension();
            if (stored == null || stored != vectorDimension) {
                throw new IllegalStateException("Milvus collection " + name + " at " + address + " holds vectors of "
                        + stored + " dimensions, not " + vectorDimension + ": drop it or use another collection"
                        + " prefix, then send the catalog again");
            }
            if (!call("check collection " + name + " is loaded",
                    () -> client.getLoadState(GetLoadStateReq.builder().collectionName(name).build()))) {
                run("load collection " + name,
                        () -> client.loadCollection(LoadCollectionReq.builder().collectionName(name).build()));
            }
            return;
        }
        List<IndexParam> all = new ArrayList<>();
        all.add(vectorIndex(vectorDimension));
        all.addAll(scalarIndexes);
        try {
            create(name, schema.get(), all);
        } catch (IllegalStateException refused) {
            if (scalarIndexes.isEmpty()) {
                throw refused;
            }
            log.warn("Milvus at {} did not create the scalar indexes of {} ({}); creating it with its vector index"
                    + " only: filters scan the tenant's rows", address, name, refused.getMessage());
            run("drop collection " + name,
                    () -> client.dropCollection(DropCollectionReq.builder().collectionName(name).build()));
            create(name, schema.get(), List.of(vectorIndex(vectorDimension)));
        }
        log.info("created Milvus collection {} at {}", name, address);
    }

    private void create(String name, CollectionSchema schema, List<IndexParam> indexes) {
        // With index parameters, createCollection also builds the indexes and loads the collection.
        run("create collection " + name, () -> client.createCollection(CreateCollectionReq.builder()
                .collectionName(name)
                .collectionSchema(schema)
                .indexParams(indexes)
                .consistencyLevel(STRONG)
                .build()));
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Map<String, IndexedCourse> findCourses(String tenant, Collection<String> ids) {
        Map<String, IndexedCourse> found = new HashMap<>();
        for (List<String> keys : keyBatches(tenant, ids)) {
            for (QueryResp.QueryResult row : query(courses, keys, COURSE_FIELDS)) {
                IndexedCourse course = course(row.getEntity());
                found.put(course.id(), course);
            }
        }
        return found;
    }

    @Override
    public long courseCount(String tenant) {
        List<QueryResp.QueryResult> rows = call("count courses", () -> client.query(QueryReq.builder()
                .collectionName(courses)
                .filter(TENANT + " == " + literal(tenant))
                .outputFields(List.of("count(*)"))
                .consistencyLevel(STRONG)
                .build())).getQueryResults();
        return rows.isEmpty() ? 0 : ((Number) rows.getFirst().getEntity().get("count(*)")).longValue();
    }

    @Override
    public void forEachCourse(String tenant, Consumer<IndexedCourse> action) {
        iterate(courses, TENANT + " == " + literal(tenant), COURSE_FIELDS, READ_BATCH,
                page -> page.forEach(row -> action.accept(course(row))));
    }

    @Override
    public List<IndexedCompetency> competencies(String tenant) {
        long generation = tenantState(tenant).map(TenantState::generation).orElse(0L);
        return generation == 0 ? List.of() : framework(tenant, generation);
    }

    private List<IndexedCompetency> framework(String tenant, long generation) {
        List<IndexedCompetency> framework = new ArrayList<>();
        iterate(competencies, visibleAt(tenant, generation), COMPETENCY_FIELDS, READ_BATCH,
                page -> page.forEach(row -> framework.add(competency(row))));
        return framework;
    }

    private static String visibleAt(String tenant, long generation) {
        return TENANT + " == " + literal(tenant) + " and " + BORN + " <= " + generation + " and " + DIED + " > "
                + generation;
    }

    @Override
    public Optional<Instant> updatedAt(String tenant) {
        return tenantState(tenant).map(state -> Instant.ofEpochMilli(state.updatedMillis()));
    }

    @Override
    public List<ScoredCourse> denseSearch(String tenant, float[] query, SearchFilter filter, int k) {
        if (k <= 0) {
            return List.of();
        }
        int limit = Math.min(k, MAX_TOP_K);
        SearchResp response = call("search courses", () -> client.search(SearchReq.builder()
                .collectionName(courses)
                .annsField(VECTOR)
                .metricType(IndexParam.MetricType.COSINE)
                .data(List.of(new FloatVec(query)))
                .limit(limit)
                .filter(filterExpression(tenant, filter))
                .outputFields(COURSE_FIELDS)
                .searchParams(Map.of("ef", Math.max(limit, candidateDepth)))
                .consistencyLevel(STRONG)
                .build()));
        List<ScoredCourse> hits = new ArrayList<>();
        for (SearchResp.SearchResult hit : response.getSearchResults().getFirst()) {
            hits.add(new ScoredCourse(course(hit.getEntity()), hit.getScore())); // COSINE scores are the cosine
        }
        return hits;
    }

    @Override
    public List<ScoredCourse> lexicalSearch(String tenant, String text, SearchFilter filter, int k) {
        throw new UnsupportedOperationException("the Milvus catalog backend has no lexical (BM25) search");
    }

    /** The Milvus boolean expression of {@code filter} within {@code tenant}; every value is a quoted literal. */
    static String filterExpression(String tenant, SearchFilter filter) {
        List<String> conditions = new ArrayList<>();
        conditions.add(TENANT + " == " + literal(tenant));
        if (!filter.competencyIds().isEmpty()) {
            conditions.add("array_contains_any(" + COMPETENCIES + ", " + literals(filter.competencyIds()) + ")");
        }
        if (!filter.levels().isEmpty()) {
            conditions.add(LEVEL + " in " + numbers(filter.levels().stream().map(Level::getNumber)));
        }
        if (!filter.languages().isEmpty()) {
            // "en" matches "en" and every "en-*" (by the primary subtag); "en-gb" matches only itself.
            Map<Boolean, Set<String>> regional = filter.languages().stream()
                    .collect(Collectors.partitioningBy(tag -> tag.indexOf('-') >= 0, Collectors.toSet()));
            List<String> either = new ArrayList<>();
            if (!regional.get(false).isEmpty()) {
                either.add(LANGUAGE_PRIMARY + " in " + literals(regional.get(false)));
            }
            if (!regional.get(true).isEmpty()) {
                either.add(LANGUAGE + " in " + literals(regional.get(true)));
            }
            conditions.add("(" + String.join(" or ", either) + ")");
        }
        if (!filter.providers().isEmpty()) {
            conditions.add(PROVIDER + " in " + literals(filter.providers()));
        }
        filter.maxDurationMinutes().ifPresent(max ->
                conditions.add("(" + DURATION + " > 0 and " + DURATION + " <= " + max + ")"));
        if (!filter.formats().isEmpty()) {
            conditions.add(FORMAT + " in " + numbers(filter.formats().stream().map(CourseFormat::getNumber)));
        }
        if (!filter.excludedCourseIds().isEmpty()) {
            conditions.add("not (" + COURSE_ID + " in " + literals(filter.excludedCourseIds()) + ")");
        }
        return String.join(" and ", conditions);
    }

    /**
     * {@code value} as a string literal of a Milvus expression. Backslash and double quote are escaped, and the
     * line breaks and tab, which a literal cannot hold as they are; every other character stands for itself
     * (Milvus Lite knows no {@code \}{@code u} or {@code \}{@code x} escapes).
     */
    static String literal(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String literals(Collection<String> values) {
        return values.stream().sorted().map(MilvusCatalogIndex::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String numbers(Stream<Integer> values) {
        return values.sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The rows of {@code keys}. The filter is built here rather than by the SDK's {@code QueryReq.ids}, which
     * quotes VarChar keys without escaping them (harmless for our keys, see {@link #courseKey}, but not a habit
     * to rely on).
     */
    private List<QueryResp.QueryResult> query(String collection, List<String> keys, List<String> fields) {
        return call("read " + collection, () -> client.query(QueryReq.builder()
                .collectionName(collection)
                .filter(KEY + " in " + literals(keys))
                .outputFields(fields)
                .consistencyLevel(STRONG)
                .build())).getQueryResults();
    }

    /** Pages through the rows matching {@code expression} without holding them all (a catalog may be large). */
    private void iterate(String collection, String expression, List<String> fields, int pageSize,
                         Consumer<List<Map<String, Object>>> pageAction) {
        List<String> output = new ArrayList<>(fields);
        if (!output.contains(KEY)) {
            output.add(KEY);
        }
        QueryIterator iterator = call("read " + collection, () -> client.queryIterator(QueryIteratorReq.builder()
                .collectionName(collection)
                .expr(expression)
                .outputFields(output)
                .batchSize(pageSize)
                .consistencyLevel(STRONG)
                .build()));
        try {
            Object previous = null;
            while (true) {
                List<RowRecord> page = call("read " + collection, iterator::next);
                if (page.isEmpty()) {
                    return;
                }
                // The iterator pages by key; one that stops advancing would loop forever (see courseKey).
                Object last = page.getLast().get(KEY);
                if (last == null || last.equals(previous)) {
                    throw new IllegalStateException("reading " + collection + " from Milvus at " + address
                            + " did not advance past key " + last);
                }
                previous = last;
                pageAction.accept(page.stream().map(RowRecord::getFieldValues).toList());
            }
        } finally {
            iterator.close();
        }
    }

    private List<List<String>> keyBatches(String tenant, Collection<String> ids) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            batch.add(courseKey(tenant, id));
            if (batch.size() == READ_BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private Optional<TenantState> tenantState(String tenant) {
        return readMeta(tenantKey(tenant)).map(row -> new TenantState(
                ((Number) row.get(NUMBER)).longValue(), ((Number) row.get(GENERATION)).longValue()));
    }

    private long storedVersion() {
        return readMeta(META_VERSION).map(row -> ((Number) row.get(NUMBER)).longValue()).orElse(0L);
    }

    private Optional<Map<String, Object>> readMeta(String key) {
        List<QueryResp.QueryResult> rows = query(meta, List.of(key), List.of(TEXT, NUMBER, GENERATION));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst().getEntity());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void upsertCourses(String tenant, List<IndexedCourse> batch) {
        List<JsonObject> rows = batch.stream().map(course -> courseRow(tenant, course)).toList();
        write(() -> {
            upsert(courses, rows);
            touch(tenant);
        });
    }

    @Override
    public Set<String> deleteCourses(String tenant, Collection<String> ids) {
        Set<String> existing = new TreeSet<>();
        write(() -> {
            for (List<String> keys : keyBatches(tenant, ids)) {
                for (QueryResp.QueryResult row : query(courses, keys, List.of(COURSE_ID))) {
                    existing.add((String) row.getEntity().get(COURSE_ID));
                }
            }
            if (existing.isEmpty()) {
                return;
            }
            for (List<String> keys : keyBatches(tenant, existing)) {
                deleteWhere(courses, KEY + " in " + literals(keys));
            }
            touch(tenant);
        });
        return existing;
    }

    @Override
    public long deleteAllCourses(String tenant) {
        long[] count = new long[1];
        write(() -> {
            count[0] = courseCount(tenant);
            if (count[0] > 0) {
                deleteWhere(courses, TENANT + " == " + literal(tenant));
                touch(tenant);
            }
        });
        return count[0];
    }

    @Override
    public void updateFramework(String tenant, List<IndexedCompetency> upserts, Set<String> deletions) {
        upserts.forEach(competency -> checkVector(competency.vector(), "competency " + competency.id()));
        write(() -> changeFramework(tenant, upserts, deletions));
    }

    /** The atomic framework change (see the class comment); the caller holds the write lock. */
    private void changeFramework(String tenant, List<IndexedCompetency> upserts, Set<String> deletions) {
        long current = tenantState(tenant).map(TenantState::generation).orElse(0L);
        long next = current + 1;
        String ofTenant = TENANT + " == " + literal(tenant);

        // 1. Undo what an update to `next` that failed half-way left behind.
        deleteWhere(competencies, ofTenant + " and " + BORN + " > " + current);
        iterate(competencies, ofTenant + " and " + DIED + " > " + current + " and " + DIED + " < " + LIVE,
                COMPETENCY_FIELDS, READ_BATCH, page -> upsert(competencies, page.stream()
                        .map(row -> competencyRow(row, LIVE)).toList()));

        // 2. Retire the stored versions of every competency replaced or deleted: readers of `current` still see them.
        Map<String, IndexedCompetency> added = new LinkedHashMap<>();
        upserts.forEach(competency -> added.put(competency.id(), competency));
        List<String> changed = new ArrayList<>(new LinkedHashSet<>(deletions));
        changed.addAll(added.keySet());
        for (int from = 0; from < changed.size(); from += READ_BATCH) {
            List<String> ids = changed.subList(from, Math.min(changed.size(), from + READ_BATCH));
            List<JsonObject> retired = new ArrayList<>();
            iterate(competencies, visibleAt(tenant, current) + " and " + COMPETENCY_ID + " in " + literals(ids),
                    COMPETENCY_FIELDS, READ_BATCH, page -> page.forEach(row -> retired.add(competencyRow(row, next))));
            upsert(competencies, retired);
        }

        // 3. Add the new versions, visible from `next` on.
        upsert(competencies, added.values().stream().map(competency -> competencyRow(tenant, next, competency))
                .toList());

        // 4. The switch: one write makes `next` the tenant's framework.
        touch(tenant, next);

        // 5. Rows retired by the update before this one: no reader of `current` or `next` sees them.
        try {
            deleteWhere(competencies, ofTenant + " and " + DIED + " <= " + current);
        } catch (RuntimeException e) {
            log.warn("removing retired competencies of tenant {} failed; the next framework update retries", tenant,
                    e);
        }
    }

    @Override
    public void rewrite(IndexRewrite rewrite) {
        write(() -> {
            List<String> tenants = new ArrayList<>();
            iterate(meta, KIND + " == " + literal(KIND_TENANT), List.of(TENANT), READ_BATCH,
                    page -> page.forEach(row -> tenants.add((String) row.get(TENANT))));
            int rewritten = 0;
            for (String tenant : tenants) {
                if (rewrite.includes(tenant)) {
                    rewriteTenant(tenant, rewrite);
                    rewritten++;
                }
            }
            upsert(meta, List.of(settingRow(META_MODEL, rewrite.embeddingModel(), 0), versionRow()));
            log.info("Milvus catalog rewritten in place: {} of {} tenants, embedding model {}", rewritten,
                    tenants.size(), rewrite.embeddingModel());
        });
    }

    private void rewriteTenant(String tenant, IndexRewrite rewrite) {
        List<IndexedCompetency> stored = competencies(tenant);
        List<IndexedCompetency> rewritten = rewrite.competencies(tenant, stored);
        rewritten.forEach(competency -> checkVector(competency.vector(), "competency " + competency.id()));
        Set<String> dropped = stored.stream().map(IndexedCompetency::id).collect(Collectors.toSet());
        rewritten.forEach(competency -> dropped.remove(competency.id()));
        changeFramework(tenant, rewritten, dropped);
        iterate(courses, TENANT + " == " + literal(tenant), COURSE_FIELDS, rewrite.batchSize(), page -> {
            List<IndexedCourse> batch = page.stream().map(MilvusCatalogIndex::course).toList();
            List<IndexedCourse> rewrittenBatch = rewrite.courses(tenant, batch);
            if (rewrittenBatch.size() != batch.size()) {
                throw new IllegalStateException("a course rewrite returned " + rewrittenBatch.size() + " courses for "
                        + batch.size());
            }
            upsert(courses, rewrittenBatch.stream().map(course -> courseRow(tenant, course)).toList());
        });
        touch(tenant);
    }

    @Override
    public void recordEmbeddingModel(String version) {
        write(() -> upsert(meta, List.of(settingRow(META_MODEL, version, 0), versionRow())));
    }

    @Override
    public void commit() {
        // Nothing to do: see the class comment.
    }

    private void write(Runnable change) {
        writeLock.lock();
        try {
            change.run();
        } finally {
            writeLock.unlock();
        }
    }

    /** Records a change of the tenant's data: its update time and the index version. */
    private void touch(String tenant) {
        touch(tenant, tenantState(tenant).map(TenantState::generation).orElse(0L));
    }

    private void touch(String tenant, long generation) {
        JsonObject row = metaRow(tenantKey(tenant), KIND_TENANT, tenant, "", clock.millis(), generation);
        upsert(meta, List.of(row, versionRow()));
    }

    private JsonObject versionRow() {
        return settingRow(META_VERSION, "", storedVersion() + 1);
    }

    private void upsert(String collection, List<JsonObject> rows) {
        List<JsonObject> request = new ArrayList<>();
        long bytes = 0;
        for (JsonObject row : rows) {
            long size = approximateBytes(row);
            if (!request.isEmpty() && (request.size() == WRITE_ROWS || bytes + size > WRITE_BYTES)) {
                upsertNow(collection, request);
                request = new ArrayList<>();
                bytes = 0;
            }
            request.add(row);
            bytes += size;
        }
        if (!request.isEmpty()) {
            upsertNow(collection, request);
        }
    }

    private void upsertNow(String collection, List<JsonObject> rows) {
        run("write " + collection,
                () -> client.upsert(UpsertReq.builder().collectionName(collection).data(rows).build()));
    }

    private long approximateBytes(JsonObject row) {
        long bytes = 1_024 + 8L * dimension;
        for (String field : List.of(PAYLOAD, PAYLOAD_2)) {
            if (row.has(field)) {
                bytes += row.get(field).getAsString().length();
            }
        }
        return bytes;
    }

    private void deleteWhere(String collection, String expression) {
        run("delete from " + collection,
                () -> client.delete(DeleteReq.builder().collectionName(collection).filter(expression).build()));
    }

    // ---------------------------------------------------------------- rows

    /**
     * The primary key of a course: tenant and id, the id in base64url. The SDK's QueryIterator pages with
     * {@code key > "<last key>"}, quoting the key without escaping it: a key with a double quote or a backslash
     * would break that expression (on Milvus Lite the iterator then returns the same page forever), so keys hold
     * only characters that need no escaping. Tenant ids contain no {@link #SEPARATOR} (validated) and base64url
     * has none, so keys cannot collide across tenants.
     */
    static String courseKey(String tenant, String id) {
        return tenant + SEPARATOR + base64Url(id);
    }

    static String competencyKey(String tenant, long born, String id) {
        return tenant + SEPARATOR + born + SEPARATOR + base64Url(id);
    }

    private static String base64Url(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String tenantKey(String tenant) {
        return KIND_TENANT + SEPARATOR + tenant;
    }

    private JsonObject courseRow(String tenant, IndexedCourse indexed) {
        Course course = indexed.course();
        checkVector(indexed.vector(), "course " + course.getId());
        Set<String> competencyIds = new LinkedHashSet<>(course.getCompetencyIdsList());
        for (InferredCompetency inferred : course.getInferredCompetenciesList()) {
            competencyIds.add(inferred.getCompetencyId());
        }
        if (competencyIds.size() > MAX_COMPETENCIES_PER_COURSE) {
            throw new IllegalArgumentException("course " + course.getId() + " has " + competencyIds.size()
                    + " competencies; the Milvus catalog holds at most " + MAX_COMPETENCIES_PER_COURSE);
        }
        JsonArray competencyArray = new JsonArray();
        competencyIds.forEach(competencyArray::add);
        String language = SearchFilter.lower(course.getLanguage());
        JsonObject row = new JsonObject();
        row.addProperty(KEY, courseKey(tenant, course.getId()));
        row.addProperty(TENANT, tenant);
        row.add(VECTOR, vectorJson(indexed.vector()));
        row.add(COMPETENCIES, competencyArray);
        row.addProperty(LEVEL, course.getLevelValue());
        row.addProperty(LANGUAGE, language);
        row.addProperty(LANGUAGE_PRIMARY, LanguageTags.primary(language));
        row.addProperty(PROVIDER, SearchFilter.lower(course.getProvider()));
        row.addProperty(DURATION, course.getDurationMinutes());
        row.addProperty(FORMAT, course.getFormatValue());
        row.addProperty(COURSE_ID, course.getId());
        row.addProperty(DIGEST, indexed.digest());
        putPayload(row, course.toByteArray(), "course " + course.getId());
        return row;
    }

    private static JsonObject competencyRow(String tenant, long born, IndexedCompetency competency) {
        JsonObject row = new JsonObject();
        row.addProperty(KEY, competencyKey(tenant, born, competency.id()));
        row.addProperty(TENANT, tenant);
        row.addProperty(COMPETENCY_ID, competency.id());
        row.addProperty(BORN, born);
        row.addProperty(DIED, LIVE);
        putPayload(row, competency.competency().toByteArray(), "competency " + competency.id());
        row.add(VECTOR, vectorJson(competency.vector()));
        return row;
    }

    /** A stored competency row again, with another {@code died}. */
    private static JsonObject competencyRow(Map<String, Object> stored, long died) {
        JsonObject row = new JsonObject();
        for (String field : List.of(KEY, TENANT, COMPETENCY_ID, PAYLOAD, PAYLOAD_2)) {
            row.addProperty(field, (String) stored.get(field));
        }
        row.addProperty(BORN, ((Number) stored.get(BORN)).longValue());
        row.addProperty(DIED, died);
        row.add(VECTOR, vectorJson(vector(stored.get(VECTOR))));
        return row;
    }

    private static JsonObject settingRow(String key, String text, long number) {
        return metaRow(key, KIND_SETTING, "", text, number, 0);
    }

    private static JsonObject metaRow(String key, String kind, String tenant, String text, long number,
                                      long generation) {
        JsonObject row = new JsonObject();
        row.addProperty(KEY, key);
        row.addProperty(KIND, kind);
        row.addProperty(TENANT, tenant);
        row.addProperty(TEXT, text);
        row.addProperty(NUMBER, number);
        row.addProperty(GENERATION, generation);
        row.add(VECTOR, vectorJson(new float[] {1, 0}));
        return row;
    }

    private void checkVector(float[] vector, String what) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("the vector of " + what + " has " + vector.length
                    + " dimensions; this Milvus catalog holds " + dimension);
        }
    }

    private static JsonArray vectorJson(float[] vector) {
        JsonArray array = new JsonArray(vector.length);
        for (float value : vector) {
            array.add(value);
        }
        return array;
    }

    private static void putPayload(JsonObject row, byte[] message, String what) {
        String encoded = Base64.getEncoder().encodeToString(message);
        if (encoded.length() > 2 * PAYLOAD_CHUNK) {
            throw new IllegalArgumentException(what + " is too large for the Milvus catalog: " + message.length
                    + " bytes encoded, at most " + 2 * PAYLOAD_CHUNK / 4 * 3);
        }
        int split = Math.min(encoded.length(), PAYLOAD_CHUNK);
        row.addProperty(PAYLOAD, encoded.substring(0, split));
        row.addProperty(PAYLOAD_2, encoded.substring(split));
    }

    private static byte[] payload(Map<String, Object> row) {
        return Base64.getDecoder().decode((String) row.get(PAYLOAD) + row.get(PAYLOAD_2));
    }

    private static IndexedCourse course(Map<String, Object> row) {
        try {
            Course course = Course.parseFrom(payload(row));
            return new IndexedCourse(course, vector(row.get(VECTOR)), (String) row.get(DIGEST));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a course stored in Milvus does not parse", e);
        }
    }

    private static IndexedCompetency competency(Map<String, Object> row) {
        try {
            return new IndexedCompetency(Competency.parseFrom(payload(row)), vector(row.get(VECTOR)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a competency stored in Milvus does not parse", e);
        }
    }

    private static float[] vector(Object value) {
        List<?> values = (List<?>) value;
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) values.get(i)).floatValue();
        }
        return vector;
    }

    // ---------------------------------------------------------------- calls

    private void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs one call to Milvus: an unreachable or silent Milvus becomes {@link CatalogUnavailableException}, any
     * other failure {@link IllegalStateException}, both naming the operation.
     */
    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (MilvusClientException e) {
            if (e.getErrorCode() == ErrorCode.RPC_ERROR || e.getErrorCode() == ErrorCode.TIMEOUT) {
                throw new CatalogUnavailableException("Milvus at " + address + " did not answer (" + what + "): "
                        + e.getMessage(), e);
            }
            throw new IllegalStateException("Milvus at " + address + " failed to " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            client.close();
        } finally {
            writeLock.unlock();
        }
    }
}
