/* PDFium's per-character and per-object calls in a C loop: one Python call per page instead of one per
   character, object or path segment.

   Called from Python, each ctypes call costs about a microsecond whatever the
   callee does, a quarter of the PDF reader's time on a Thai page. The callers
   pass the PDFium functions' addresses as pypdfium2 loaded them, so this links
   against nothing; `pdfium_calls.py` makes the same calls from Python where
   this module is not built. Each box function writes PDFium's answers where
   `out` points and returns the positions whose call failed.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdint.h>

#if defined(_WIN32) && !defined(_WIN64)
#define PDFIUM_CALL __stdcall /* FPDF_CALLCONV on 32-bit Windows */
#else
#define PDFIUM_CALL
#endif

typedef int(PDFIUM_CALL *char_box_call)(void *, int, double *, double *, double *, double *);
typedef int(PDFIUM_CALL *loose_box_call)(void *, int, float *);
typedef int(PDFIUM_CALL *origin_call)(void *, int, double *, double *);
typedef int(PDFIUM_CALL *generated_call)(void *, int);
typedef int(PDFIUM_CALL *count_call)(void *);
typedef void *(PDFIUM_CALL *object_call)(void *, int);
typedef int(PDFIUM_CALL *type_call)(void *);
typedef int(PDFIUM_CALL *matrix_call)(void *, float *);
typedef int(PDFIUM_CALL *draw_mode_call)(void *, int *, int *);
typedef int(PDFIUM_CALL *colour_call)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
typedef void *(PDFIUM_CALL *segment_call)(void *, int);
typedef int(PDFIUM_CALL *point_call)(void *, float *, float *);

/* Appends `item` (a new reference, or NULL after an error) to `list` and releases it; on error,
   releases `list` too and returns 0. */
static int append_new(PyObject *list, PyObject *item) {
    int ok = item != NULL && PyList_Append(list, item) == 0;
    Py_XDECREF(item);
    if (!ok) Py_DECREF(list);
    return ok;
}

/* Appends `position` to `positions`; on error, releases `positions` and returns 0. */
static int note_position(PyObject *positions, Py_ssize_t position) {
    return append_new(positions, PyLong_FromSsize_t(position));
}

/* The int a list item stands for, in *index; on error (not an int, or out of range), 0 with an exception. */
static int character_index(PyObject *item, int *index) {
    long value = PyLong_AsLong(item);
    if (value == -1 && PyErr_Occurred()) return 0;
    if (value < INT_MIN || value > INT_MAX) {
        PyErr_Format(PyExc_OverflowError, "character index %ld out of range", value);
        return 0;
    }
    *index = (int)value;
    return 1;
}

/* ink_boxes(call, page, n, out): FPDFText_GetCharBox for characters 0..n-1, each writing left, right,
   bottom and top as doubles at out + 32 * index. */
static PyObject *ink_boxes(PyObject *self, PyObject *args) {
    unsigned long long call, page, out;
    int n;
    if (!PyArg_ParseTuple(args, "KKiK:ink_boxes", &call, &page, &n, &out)) return NULL;
    char_box_call get_box = (char_box_call)(uintptr_t)call;
    double *box = (double *)(uintptr_t)out;
    PyObject *failed = PyList_New(0);
    if (failed == NULL) return NULL;
    for (int i = 0; i < n; i++, box += 4) {
        if (!get_box((void *)(uintptr_t)page, i, box, box + 1, box + 2, box + 3) && !note_position(failed, i))
            return NULL;
    }
    return failed;
}

/* loose_boxes(call, page, n, out): FPDFText_GetLooseCharBox for characters 0..n-1, each writing an
   FS_RECTF (left, top, right, bottom as floats) at out + 16 * index. */
static PyObject *loose_boxes(PyObject *self, PyObject *args) {
    unsigned long long call, page, out;
    int n;
    if (!PyArg_ParseTuple(args, "KKiK:loose_boxes", &call, &page, &n, &out)) return NULL;
    loose_box_call get_box = (loose_box_call)(uintptr_t)call;
    float *rect = (float *)(uintptr_t)out;
    PyObject *failed = PyList_New(0);
    if (failed == NULL) return NULL;
    for (int i = 0; i < n; i++, rect += 4) {
        if (!get_box((void *)(uintptr_t)page, i, rect) && !note_position(failed, i)) return NULL;
    }
    return failed;
}

/* origins(call, page, indices, out): FPDFText_GetCharOrigin for each character of the list `indices`,
   the j-th writing x and y as doubles at out + 16 * j; failures are given as positions j in `indices`. */
static PyObject *origins(PyObject *self, PyObject *args) {
    unsigned long long call, page, out;
    PyObject *indices;
    if (!PyArg_ParseTuple(args, "KKO!K:origins", &call, &page, &PyList_Type, &indices, &out)) return NULL;
    origin_call get_origin = (origin_call)(uintptr_t)call;
    double *xy = (double *)(uintptr_t)out;
    PyObject *failed = PyList_New(0);
    if (failed == NULL) return NULL;
    Py_ssize_t count = PyList_GET_SIZE(indices); /* what `out` was sized for */
    for (Py_ssize_t j = 0; j < count && j < PyList_GET_SIZE(indices); j++, xy += 2) {
        int index;
        if (!character_index(PyList_GET_ITEM(indices, j), &index)) {
            Py_DECREF(failed);
            return NULL;
        }
        if (!get_origin((void *)(uintptr_t)page, index, xy, xy + 1) && !note_position(failed, j)) return NULL;
    }
    return failed;
}

/* made_up(call, page, indices): FPDFText_IsGenerated for each character of the list `indices`; the
   positions j in `indices` of the characters PDFium made up (answer 1: not 0, nor -1 for an error). */
static PyObject *made_up(PyObject *self, PyObject *args) {
    unsigned long long call, page;
    PyObject *indices;
    if (!PyArg_ParseTuple(args, "KKO!:made_up", &call, &page, &PyList_Type, &indices)) return NULL;
    generated_call is_generated = (generated_call)(uintptr_t)call;
    PyObject *made = PyList_New(0);
    if (made == NULL) return NULL;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(indices); j++) {
        int index;
        if (!character_index(PyList_GET_ITEM(indices, j), &index)) {
            Py_DECREF(made);
            return NULL;
        }
        if (is_generated((void *)(uintptr_t)page, index) == 1 && !note_position(made, j)) return NULL;
    }
    return made;
}

/* object_types(count, get, type, page): FPDFPageObj_GetType of each object of the page (FPDFPage_CountObjects,
   FPDFPage_GetObject) as one byte; 0 (unknown) for an object PDFium does not give or a type past 255. */
static PyObject *object_types(PyObject *self, PyObject *args) {
    unsigned long long count_at, get_at, type_at, page;
    if (!PyArg_ParseTuple(args, "KKKK:object_types", &count_at, &get_at, &type_at, &page)) return NULL;
    object_call get_object = (object_call)(uintptr_t)get_at;
    type_call get_type = (type_call)(uintptr_t)type_at;
    int n = ((count_call)(uintptr_t)count_at)((void *)(uintptr_t)page);
    PyObject *types = PyBytes_FromStringAndSize(NULL, n > 0 ? n : 0);
    if (types == NULL) return NULL;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(types);
    for (int i = 0; i < n; i++) {
        void *object = get_object((void *)(uintptr_t)page, i);
        int kind = object == NULL ? 0 : get_type(object);
        out[i] = kind < 0 || kind > 255 ? 0 : (unsigned char)kind;
    }
    return types;
}

/* The PDFium functions `path_facts` calls, in the order its first argument lists their addresses. */
struct path_calls {
    matrix_call matrix;           /* FPDFPageObj_GetMatrix */
    draw_mode_call draw_mode;     /* FPDFPath_GetDrawMode */
    colour_call fill_colour;      /* FPDFPageObj_GetFillColor */
    count_call count_segments;    /* FPDFPath_CountSegments */
    segment_call segment;         /* FPDFPath_GetPathSegment */
    point_call point;             /* FPDFPathSegment_GetPoint */
    type_call segment_type;       /* FPDFPathSegment_GetType */
    type_call closes;             /* FPDFPathSegment_GetClose */
};

/* p * q + r * s with each product rounded to a double first, as Python computes it: a fused
   multiply-add would round once and could give another last bit. */
static double sum_of_products(double p, double q, double r, double s) {
    volatile double first = p * q, second = r * s;
    return first + second;
}

/* The matrix `inner` then `outer` apply (a, b, c, d, e, f each), as `pdfium_calls.compose`. */
static void compose(const double inner[6], const double outer[6], double out[6]) {
    out[0] = sum_of_products(inner[0], outer[0], inner[1], outer[2]);
    out[1] = sum_of_products(inner[0], outer[1], inner[1], outer[3]);
    out[2] = sum_of_products(inner[2], outer[0], inner[3], outer[2]);
    out[3] = sum_of_products(inner[2], outer[1], inner[3], outer[3]);
    out[4] = sum_of_products(inner[4], outer[0], inner[5], outer[2]) + outer[4];
    out[5] = sum_of_products(inner[4], outer[1], inner[5], outer[3]) + outer[5];
}

/* [(segment type, x, y, closes)] of a path, in the space `outer` maps its own matrix to; a segment
   PDFium gives no point for is left out. */
static PyObject *path_points(const struct path_calls *calls, void *path, const double outer[6]) {
    double inner[6] = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0}, m[6];
    float own[6];
    if (calls->matrix(path, own))
        for (int k = 0; k < 6; k++) inner[k] = own[k];
    compose(inner, outer, m);
    PyObject *points = PyList_New(0);
    if (points == NULL) return NULL;
    int n = calls->count_segments(path);
    for (int i = 0; i < n; i++) {
        void *segment = calls->segment(path, i);
        float u, v;
        if (segment == NULL || !calls->point(segment, &u, &v)) continue;
        int kind = calls->segment_type(segment);
        PyObject *closes = PyBool_FromLong(calls->closes(segment));
        PyObject *point = Py_BuildValue("(iddN)", kind, sum_of_products(m[0], u, m[2], v) + m[4],
                                        sum_of_products(m[1], u, m[3], v) + m[5], closes);
        if (!append_new(points, point)) return NULL;
    }
    return points;
}

/* (fill mode, stroked, fill colour, points) of one path object: 0, False, None, [] where PDFium gives no
   draw mode; the colour (r, g, b, a) only where the path is filled and PDFium gives it; the points
   (`path_points`) only where it is filled or stroked. */
static PyObject *one_path(const struct path_calls *calls, void *path, const double outer[6]) {
    int fill = 0, stroke = 0;
    if (!calls->draw_mode(path, &fill, &stroke)) fill = stroke = 0;
    PyObject *colour = NULL, *points = NULL;
    unsigned int r, g, b, a;
    if (fill && calls->fill_colour(path, &r, &g, &b, &a)) {
        colour = Py_BuildValue("(IIII)", r, g, b, a);
    } else {
        Py_INCREF(Py_None);
        colour = Py_None;
    }
    points = colour == NULL ? NULL : (fill || stroke) ? path_points(calls, path, outer) : PyList_New(0);
    if (points == NULL) {
        Py_XDECREF(colour);
        return NULL;
    }
    return Py_BuildValue("(iNNN)", fill, PyBool_FromLong(stroke), colour, points);
}

/* path_facts(calls, paths, outer): `one_path` for each path object of the list `paths` (addresses),
   whose points `outer` (a, b, c, d, e, f) takes to page space; `calls` lists the addresses of the
   functions of `struct path_calls`, in its order. */
static PyObject *path_facts(PyObject *self, PyObject *args) {
    unsigned long long at[8];
    PyObject *paths;
    double outer[6];
    if (!PyArg_ParseTuple(args, "(KKKKKKKK)O!(dddddd):path_facts", &at[0], &at[1], &at[2], &at[3], &at[4],
                          &at[5], &at[6], &at[7], &PyList_Type, &paths, &outer[0], &outer[1], &outer[2],
                          &outer[3], &outer[4], &outer[5]))
        return NULL;
    struct path_calls calls = {
        (matrix_call)(uintptr_t)at[0],  (draw_mode_call)(uintptr_t)at[1], (colour_call)(uintptr_t)at[2],
        (count_call)(uintptr_t)at[3],   (segment_call)(uintptr_t)at[4],   (point_call)(uintptr_t)at[5],
        (type_call)(uintptr_t)at[6],    (type_call)(uintptr_t)at[7],
    };
    PyObject *facts = PyList_New(0);
    if (facts == NULL) return NULL;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(paths); j++) {
        void *path = PyLong_AsVoidPtr(PyList_GET_ITEM(paths, j));
        PyObject *one = path == NULL && PyErr_Occurred() ? NULL : one_path(&calls, path, outer);
        if (!append_new(facts, one)) return NULL;
    }
    return facts;
}

static PyMethodDef methods[] = {
    {"ink_boxes", ink_boxes, METH_VARARGS, "Every character's ink box; the indices whose call failed."},
    {"loose_boxes", loose_boxes, METH_VARARGS, "Every character's loose box; the indices whose call failed."},
    {"origins", origins, METH_VARARGS, "The listed characters' pen positions; the positions whose call failed."},
    {"made_up", made_up, METH_VARARGS, "The positions of the listed characters that PDFium made up."},
    {"object_types", object_types, METH_VARARGS, "Each page object's type, a byte each."},
    {"path_facts", path_facts, METH_VARARGS, "Each path's fill mode, stroke, fill colour and points."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_loop", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfium_loop(void) { return PyModule_Create(&module); }
