package dev.upskill.inference.catalog;

import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.inference.text.LanguageAnalyzers.Family;
import dev.upskill.inference.text.LanguageTags;
import dev.upskill.proto.v1.CatalogBackend;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.InferredCompetency;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.Comparator;
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
import java.util.stream.Stream;

/**
 * The embedded catalog backend: one Lucene index on local disk holding every tenant's courses (HNSW vectors,
 * BM25 text fields per language, filter fields) and frameworks.
 *
 * <p>Layout: {@code <dir>/CURRENT} names the live index directory ({@code index-000001}, ...). A
 * {@linkplain #rewrite rewrite} builds the next directory beside the live one, commits it, then replaces
 * {@code CURRENT} with an atomic rename and swaps searchers: a reader sees either the old index or the new one,
 * never a half-built one, and a crash during the build leaves the old index live (the leftover directory is
 * removed at the next start).
 *
 * <p>Writes are serialised by one lock; searches never take it. A write is visible when its method returns
 * (the searcher is refreshed) and durable after {@link #commit()}.
 */
public final class LuceneCatalogIndex implements CatalogIndex {

    private static final Logger log = LoggerFactory.getLogger(LuceneCatalogIndex.class);

    private static final String CURRENT = "CURRENT";
    private static final String MODEL_KEY = "upskill.embedding-model";

    private static final String TYPE = "type";
    private static final String COURSE = "course";
    private static final String COMPETENCY = "competency";
    private static final String TENANT_MARK = "tenant";
    private static final String TENANT = "tenant";
    private static final String KEY = "key";
    private static final String ID = "id";
    private static final String PAYLOAD = "payload";
    private static final String DIGEST = "digest";
    private static final String VECTOR = "vector";
    private static final String COMPETENCY_VECTOR = "competency_vector";
    private static final String UPDATED = "updated_millis";
    private static final String F_COMPETENCY = "competency";
    private static final String F_LEVEL = "level";
    private static final String F_LANGUAGE = "language";
    private static final String F_LANGUAGE_PRIMARY = "language_primary";
    private static final String F_PROVIDER = "provider";
    private static final String F_DURATION = "duration";
    private static final String F_FORMAT = "format";
    private static final String TITLE = "title.";
    private static final String DESCRIPTION = "description.";
    /** Title terms weigh more than description terms: a title names what a course is about. */
    private static final float TITLE_BOOST = 2f;

    private final Path root;
    private final LanguageAnalyzers analyzers;
    private final Analyzer indexAnalyzer;
    private final int candidateDepth;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Generation live;

    /** One index directory with its writer and searchers. */
    private record Generation(int number, FSDirectory directory, IndexWriter writer, SearcherManager searchers) {
        void close() throws IOException {
            searchers.close();
            writer.close();
            directory.close();
        }
    }

    private interface Search<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    /**
     * Opens the index under {@code root}, creating it when absent.
     *
     * @param candidateDepth how many nearest neighbours HNSW collects before the top k are cut (ef at search
     *                       time): more is slower and finds the true nearest neighbours more often
     */
    public static LuceneCatalogIndex open(Path root, LanguageAnalyzers analyzers, int candidateDepth, Clock clock) {
        try {
            return new LuceneCatalogIndex(root, analyzers, candidateDepth, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the catalog index in " + root, e);
        }
    }

    private LuceneCatalogIndex(Path root, LanguageAnalyzers analyzers, int candidateDepth, Clock clock)
            throws IOException {
        this.root = root;
        this.analyzers = analyzers;
        this.candidateDepth = candidateDepth;
        this.clock = clock;
        Map<String, Analyzer> perField = new HashMap<>();
        for (Family family : Family.values()) {
            perField.put(TITLE + family.code(), analyzers.analyzer(family));
            perField.put(DESCRIPTION + family.code(), analyzers.analyzer(family));
        }
        this.indexAnalyzer = new PerFieldAnalyzerWrapper(analyzers.analyzer(Family.STANDARD), perField);
        Files.createDirectories(root);
        int number = currentNumber();
        if (number == 0) {
            number = 1;
            removeOtherGenerations(0);
            this.live = openGeneration(number);
            writeCurrent(number);
        } else {
            removeOtherGenerations(number);
            this.live = openGeneration(number);
        }
    }

    private int currentNumber() throws IOException {
        Path current = root.resolve(CURRENT);
        if (!Files.exists(current)) {
            return 0;
        }
        String name = Files.readString(current, StandardCharsets.UTF_8).strip();
        return Integer.parseInt(name.substring("index-".length()));
    }

    private void removeOtherGenerations(int keep) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith("index-") && !name.equals(directoryName(keep))) {
                    log.info("removing {}: not the live catalog index (left by an interrupted rebuild)", entry);
                    deleteRecursively(entry);
                }
            }
        }
    }

    private static String directoryName(int number) {
        return "index-%06d".formatted(number);
    }

    private Generation openGeneration(int number) throws IOException {
        FSDirectory directory = FSDirectory.open(root.resolve(directoryName(number)));
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(indexAnalyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        if (writer.getLiveCommitData() == null) {
            writer.commit(); // an empty first commit, so that readers can open it
        }
        return new Generation(number, directory, writer, new SearcherManager(writer, null));
    }

    private void writeCurrent(int number) throws IOException {
        Path temporary = root.resolve(CURRENT + ".tmp");
        Files.writeString(temporary, directoryName(number) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public CatalogBackend backend() {
        return CatalogBackend.CATALOG_BACKEND_LUCENE;
    }

    @Override
    public boolean supportsLexicalSearch() {
        return true;
    }

    @Override
    public String version() {
        return search(searcher -> live.number() + "." + ((DirectoryReader) searcher.getIndexReader()).getVersion());
    }

    @Override
    public Optional<String> embeddingModel() {
        return search(searcher -> Optional.ofNullable(((DirectoryReader) searcher.getIndexReader())
                .getIndexCommit().getUserData().get(MODEL_KEY)));
    }

    // ---------------------------------------------------------------- reads

    private <T> T search(Search<T> search) {
        while (true) {
            Generation generation = live;
            IndexSearcher searcher;
            try {
                searcher = generation.searchers().acquire();
            } catch (AlreadyClosedException swapped) {
                continue; // a rewrite swapped generations between the read of `live` and acquire
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return search.run(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException("catalog index read failed", e);
            } finally {
                try {
                    generation.searchers().release(searcher);
                } catch (IOException e) {
                    log.warn("releasing a catalog searcher failed", e);
                }
            }
        }
    }

    @Override
    public Map<String, IndexedCourse> findCourses(String tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<BytesRef> keys = ids.stream().map(id -> new BytesRef(key(COURSE, tenant, id))).toList();
        Query query = new TermInSetQuery(KEY, keys);
        return search(searcher -> {
            Map<String, IndexedCourse> found = new HashMap<>();
            visit(searcher, query, (leaf, doc) -> {
                IndexedCourse course = readCourse(leaf, doc);
                found.put(course.id(), course);
            });
            return found;
        });
    }

    @Override
    public long courseCount(String tenant) {
        return search(searcher -> (long) searcher.count(typeOf(COURSE, tenant)));
    }

    @Override
    public void forEachCourse(String tenant, Consumer<IndexedCourse> action) {
        search(searcher -> {
            visit(searcher, typeOf(COURSE, tenant), (leaf, doc) -> action.accept(readCourse(leaf, doc)));
            return null;
        });
    }

    @Override
    public List<IndexedCompetency> competencies(String tenant) {
        return search(searcher -> {
            List<IndexedCompetency> out = new ArrayList<>();
            visit(searcher, typeOf(COMPETENCY, tenant), (leaf, doc) -> out.add(readCompetency(leaf, doc)));
            return out;
        });
    }

    @Override
    public Optional<Instant> updatedAt(String tenant) {
        return search(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(KEY, key(TENANT_MARK, tenant, ""))), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Document doc = searcher.storedFields().document(top.scoreDocs[0].doc, Set.of(UPDATED));
            return Optional.of(Instant.ofEpochMilli(doc.getField(UPDATED).numericValue().longValue()));
        });
    }

    @Override
    public List<ScoredCourse> denseSearch(String tenant, float[] query, SearchFilter filter, int k) {
        Query knn = new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidateDepth), filterQuery(tenant, filter));
        return search(searcher -> {
            TopDocs top = searcher.search(knn, k);
            List<ScoredCourse> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                // DOT_PRODUCT scores unit vectors as (1 + cosine) / 2.
                hits.add(new ScoredCourse(readCourse(searcher, hit.doc), 2 * hit.score - 1));
            }
            return hits;
        });
    }

    @Override
    public List<ScoredCourse> lexicalSearch(String tenant, String text, SearchFilter filter, int k) {
        Query lexical = lexicalQuery(text);
        if (lexical == null) {
            return List.of(); // the text is all stop words
        }
        Query query = new BooleanQuery.Builder()
                .add(lexical, Occur.MUST)
                .add(filterQuery(tenant, filter), Occur.FILTER)
                .build();
        return search(searcher -> {
            TopDocs top = searcher.search(query, k);
            List<ScoredCourse> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                hits.add(new ScoredCourse(readCourse(searcher, hit.doc), hit.score));
            }
            return hits;
        });
    }

    /**
     * BM25 over the title and description fields of every language: the query is analysed by each language's
     * analyzer and the best-matching language counts (a course's text lives in its own language's fields only).
     */
    private Query lexicalQuery(String text) {
        List<Query> perLanguage = new ArrayList<>();
        for (Family family : Family.values()) {
            QueryBuilder builder = new QueryBuilder(analyzers.analyzer(family));
            Query title = builder.createBooleanQuery(TITLE + family.code(), text);
            Query description = builder.createBooleanQuery(DESCRIPTION + family.code(), text);
            if (title == null && description == null) {
                continue;
            }
            BooleanQuery.Builder both = new BooleanQuery.Builder();
            if (title != null) {
                both.add(new BoostQuery(title, TITLE_BOOST), Occur.SHOULD);
            }
            if (description != null) {
                both.add(description, Occur.SHOULD);
            }
            perLanguage.add(both.build());
        }
        return perLanguage.isEmpty() ? null : new DisjunctionMaxQuery(perLanguage, 0f);
    }

    private static Query filterQuery(String tenant, SearchFilter filter) {
        BooleanQuery.Builder query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TYPE, COURSE)), Occur.FILTER)
                .add(new TermQuery(new Term(TENANT, tenant)), Occur.FILTER);
        anyOf(query, F_COMPETENCY, filter.competencyIds());
        anyOf(query, F_LEVEL, filter.levels().stream().map(level -> Integer.toString(level.getNumber())).toList());
        anyOf(query, F_PROVIDER, filter.providers());
        anyOf(query, F_FORMAT, filter.formats().stream().map(format -> Integer.toString(format.getNumber())).toList());
        if (!filter.languages().isEmpty()) {
            BooleanQuery.Builder languages = new BooleanQuery.Builder();
            for (String tag : filter.languages()) {
                // "en" matches "en" and every "en-*"; "en-gb" matches only itself.
                String field = tag.indexOf('-') < 0 ? F_LANGUAGE_PRIMARY : F_LANGUAGE;
                languages.add(new TermQuery(new Term(field, tag)), Occur.SHOULD);
            }
            query.add(languages.build(), Occur.FILTER);
        }
        filter.maxDurationMinutes().ifPresent(max ->
                query.add(IntPoint.newRangeQuery(F_DURATION, 1, max), Occur.FILTER));
        if (!filter.excludedCourseIds().isEmpty()) {
            query.add(new TermInSetQuery(ID, filter.excludedCourseIds().stream().map(BytesRef::new).toList()),
                    Occur.MUST_NOT);
        }
        return query.build();
    }

    private static void anyOf(BooleanQuery.Builder query, String field, Collection<String> values) {
        if (!values.isEmpty()) {
            query.add(new TermInSetQuery(field, values.stream().map(BytesRef::new).toList()), Occur.FILTER);
        }
    }

    private static Query typeOf(String type, String tenant) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TYPE, type)), Occur.FILTER)
                .add(new TermQuery(new Term(TENANT, tenant)), Occur.FILTER)
                .build();
    }

    private interface DocVisitor {
        void visit(LeafReaderContext leaf, int doc) throws IOException;
    }

    /** Every live document matching {@code query}, leaf by leaf, without scoring. */
    private static void visit(IndexSearcher searcher, Query query, DocVisitor visitor) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live == null || live.get(doc)) {
                    visitor.visit(leaf, doc);
                }
            }
        }
    }

    private static IndexedCourse readCourse(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        return readCourse(leaf, doc - leaf.docBase);
    }

    private static IndexedCourse readCourse(LeafReaderContext leaf, int doc) throws IOException {
        StoredFields stored = leaf.reader().storedFields();
        Document document = stored.document(doc, Set.of(PAYLOAD, DIGEST));
        Course course = Course.parseFrom(bytes(document.getBinaryValue(PAYLOAD)));
        return new IndexedCourse(course, vector(leaf, VECTOR, doc), document.get(DIGEST));
    }

    private static IndexedCompetency readCompetency(LeafReaderContext leaf, int doc) throws IOException {
        Document document = leaf.reader().storedFields().document(doc, Set.of(PAYLOAD));
        Competency competency = Competency.parseFrom(bytes(document.getBinaryValue(PAYLOAD)));
        return new IndexedCompetency(competency, vector(leaf, COMPETENCY_VECTOR, doc));
    }

    private static byte[] bytes(BytesRef ref) {
        return Arrays.copyOfRange(ref.bytes, ref.offset, ref.offset + ref.length);
    }

    private static float[] vector(LeafReaderContext leaf, String field, int doc) throws IOException {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
        if (values == null) {
            throw new IOException("catalog document " + doc + " has no " + field);
        }
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        if (iterator.advance(doc) != doc) {
            throw new IOException("catalog document " + doc + " has no " + field);
        }
        return values.vectorValue(iterator.index()).clone();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void upsertCourses(String tenant, List<IndexedCourse> courses) {
        write(tenant, writer -> {
            for (IndexedCourse course : courses) {
                writer.updateDocument(new Term(KEY, key(COURSE, tenant, course.id())), courseDocument(tenant, course));
            }
        });
    }

    @Override
    public Set<String> deleteCourses(String tenant, Collection<String> ids) {
        Set<String> existing = new TreeSet<>(findCourses(tenant, ids).keySet());
        if (!existing.isEmpty()) {
            write(tenant, writer -> {
                for (String id : existing) {
                    writer.deleteDocuments(new Term(KEY, key(COURSE, tenant, id)));
                }
            });
        }
        return existing;
    }

    @Override
    public long deleteAllCourses(String tenant) {
        long count = courseCount(tenant);
        if (count > 0) {
            write(tenant, writer -> writer.deleteDocuments(typeOf(COURSE, tenant)));
        }
        return count;
    }

    @Override
    public void updateFramework(String tenant, List<IndexedCompetency> upserts, Set<String> deletions) {
        // One block: the writer applies the deletions only when every new document was added, and drops the
        // block's documents when one fails (say, a vector of another dimension), so a failed update leaves
        // nothing behind for the next refresh to show. Searchers refresh only after the whole change, and only
        // commits reach the disk.
        Map<String, IndexedCompetency> added = new LinkedHashMap<>();
        upserts.forEach(competency -> added.put(competency.id(), competency));
        Set<String> replaced = new LinkedHashSet<>(deletions);
        replaced.addAll(added.keySet());
        Query old = new TermInSetQuery(KEY,
                replaced.stream().map(id -> new BytesRef(key(COMPETENCY, tenant, id))).toList());
        List<Document> documents = added.values().stream().map(c -> competencyDocument(tenant, c)).toList();
        write(tenant, writer -> writer.updateDocuments(old, documents));
    }

    private interface Change {
        void apply(IndexWriter writer) throws IOException;
    }

    private void write(String tenant, Change change) {
        writeLock.lock();
        try {
            Generation generation = live;
            change.apply(generation.writer());
            generation.writer().updateDocument(new Term(KEY, key(TENANT_MARK, tenant, "")), tenantDocument(tenant));
            generation.searchers().maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("catalog index write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void recordEmbeddingModel(String version) {
        writeLock.lock();
        try {
            live.writer().setLiveCommitData(Map.of(MODEL_KEY, version).entrySet());
            live.writer().commit();
            live.searchers().maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("catalog index commit failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void commit() {
        writeLock.lock();
        try {
            live.writer().commit();
        } catch (IOException e) {
            throw new UncheckedIOException("catalog index commit failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void rewrite(IndexRewrite rewrite) {
        writeLock.lock();
        Generation next = null;
        try {
            Generation current = live;
            current.writer().commit();
            next = openGeneration(current.number() + 1);
            IndexSearcher searcher = current.searchers().acquire();
            try {
                copyInto(searcher, next.writer(), rewrite);
            } finally {
                current.searchers().release(searcher);
            }
            next.writer().setLiveCommitData(Map.of(MODEL_KEY, rewrite.embeddingModel()).entrySet());
            next.writer().commit();
            next.searchers().maybeRefreshBlocking();
            writeCurrent(next.number()); // the atomic switch: from here on a restart opens the new index
            live = next;
            next = null;
            current.close();
            deleteRecursively(root.resolve(directoryName(current.number())));
            log.info("catalog index rewritten into {}", directoryName(live.number()));
        } catch (IOException e) {
            throw new UncheckedIOException("catalog index rewrite failed; the live index is unchanged", e);
        } finally {
            if (next != null) {
                closeQuietly(next);
            }
            writeLock.unlock();
        }
    }

    private void copyInto(IndexSearcher searcher, IndexWriter target, IndexRewrite rewrite) throws IOException {
        // Tenants are known by their marker documents; every document of every tenant is copied.
        List<String> tenants = new ArrayList<>();
        Map<String, Document> markers = new HashMap<>();
        visit(searcher, new TermQuery(new Term(TYPE, TENANT_MARK)), (leaf, doc) -> {
            Document marker = leaf.reader().storedFields().document(doc);
            tenants.add(marker.get(TENANT));
            markers.put(marker.get(TENANT), marker);
        });
        for (String tenant : tenants) {
            List<IndexedCompetency> framework = new ArrayList<>();
            visit(searcher, typeOf(COMPETENCY, tenant), (leaf, doc) -> framework.add(readCompetency(leaf, doc)));
            boolean included = rewrite.includes(tenant);
            for (IndexedCompetency competency : included ? rewrite.competencies(tenant, framework) : framework) {
                target.addDocument(competencyDocument(tenant, competency));
            }
            List<IndexedCourse> batch = new ArrayList<>(rewrite.batchSize());
            visit(searcher, typeOf(COURSE, tenant), (leaf, doc) -> {
                batch.add(readCourse(leaf, doc));
                if (batch.size() == rewrite.batchSize()) {
                    addCourses(target, tenant, included ? rewrite.courses(tenant, batch) : batch);
                    batch.clear();
                }
            });
            addCourses(target, tenant, included ? rewrite.courses(tenant, batch) : batch);
            target.addDocument(included ? tenantDocument(tenant) : tenantDocument(tenant,
                    markers.get(tenant).getField(UPDATED).numericValue().longValue()));
        }
    }

    private void addCourses(IndexWriter target, String tenant, List<IndexedCourse> courses) throws IOException {
        for (IndexedCourse course : courses) {
            target.addDocument(courseDocument(tenant, course));
        }
    }

    // ---------------------------------------------------------------- documents

    private static String key(String type, String tenant, String id) {
        // Tenant ids never contain the unit separator (validated), so keys cannot collide across tenants.
        return type + '\u001f' + tenant + '\u001f' + id;
    }

    private Document courseDocument(String tenant, IndexedCourse indexed) {
        Course course = indexed.course();
        Document doc = new Document();
        doc.add(new StringField(TYPE, COURSE, Field.Store.NO));
        doc.add(new StringField(TENANT, tenant, Field.Store.NO));
        doc.add(new StringField(KEY, key(COURSE, tenant, course.getId()), Field.Store.NO));
        doc.add(new StringField(ID, course.getId(), Field.Store.NO));
        doc.add(new StoredField(PAYLOAD, course.toByteArray()));
        doc.add(new StoredField(DIGEST, indexed.digest()));
        doc.add(new KnnFloatVectorField(VECTOR, indexed.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        String code = LanguageAnalyzers.family(course.getLanguage()).code();
        doc.add(new TextField(TITLE + code, course.getTitle(), Field.Store.NO));
        doc.add(new TextField(DESCRIPTION + code, course.getDescription(), Field.Store.NO));
        Set<String> competencies = new LinkedHashSet<>(course.getCompetencyIdsList());
        for (InferredCompetency inferred : course.getInferredCompetenciesList()) {
            competencies.add(inferred.getCompetencyId());
        }
        for (String competency : competencies) {
            doc.add(new StringField(F_COMPETENCY, competency, Field.Store.NO));
        }
        doc.add(new StringField(F_LEVEL, Integer.toString(course.getLevelValue()), Field.Store.NO));
        String language = SearchFilter.lower(course.getLanguage());
        if (!language.isEmpty()) {
            doc.add(new StringField(F_LANGUAGE, language, Field.Store.NO));
            doc.add(new StringField(F_LANGUAGE_PRIMARY, LanguageTags.primary(language), Field.Store.NO));
        }
        if (!course.getProvider().isEmpty()) {
            doc.add(new StringField(F_PROVIDER, SearchFilter.lower(course.getProvider()), Field.Store.NO));
        }
        doc.add(new IntPoint(F_DURATION, course.getDurationMinutes()));
        doc.add(new StringField(F_FORMAT, Integer.toString(course.getFormatValue()), Field.Store.NO));
        return doc;
    }

    private static Document competencyDocument(String tenant, IndexedCompetency competency) {
        Document doc = new Document();
        doc.add(new StringField(TYPE, COMPETENCY, Field.Store.NO));
        doc.add(new StringField(TENANT, tenant, Field.Store.NO));
        doc.add(new StringField(KEY, key(COMPETENCY, tenant, competency.id()), Field.Store.NO));
        doc.add(new StoredField(PAYLOAD, competency.competency().toByteArray()));
        doc.add(new KnnFloatVectorField(COMPETENCY_VECTOR, competency.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    private Document tenantDocument(String tenant) {
        return tenantDocument(tenant, clock.millis());
    }

    private static Document tenantDocument(String tenant, long updatedMillis) {
        Document doc = new Document();
        doc.add(new StringField(TYPE, TENANT_MARK, Field.Store.NO));
        doc.add(new StringField(TENANT, tenant, Field.Store.YES));
        doc.add(new StringField(KEY, key(TENANT_MARK, tenant, ""), Field.Store.NO));
        doc.add(new StoredField(UPDATED, updatedMillis));
        return doc;
    }

    // ---------------------------------------------------------------- life cycle

    @Override
    public void close() {
        writeLock.lock();
        try {
            live.writer().commit();
            live.close();
            indexAnalyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the catalog index failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Generation generation) {
        try {
            generation.close();
        } catch (IOException | RuntimeException e) {
            log.warn("closing an abandoned catalog index failed", e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
