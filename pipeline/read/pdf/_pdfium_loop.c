/* PDFium's per-character and per-object calls in a C loop: one Python call per page instead of one per
   character or object.

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

/* Appends `position` to `positions`; on error, releases `positions` and returns 0. */
static int note_position(PyObject *positions, Py_ssize_t position) {
    PyObject *number = PyLong_FromSsize_t(position);
    int ok = number != NULL && PyList_Append(positions, number) == 0;
    Py_XDECREF(number);
    if (!ok) Py_DECREF(positions);
    return ok;
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

static PyMethodDef methods[] = {
    {"ink_boxes", ink_boxes, METH_VARARGS, "Every character's ink box; the indices whose call failed."},
    {"loose_boxes", loose_boxes, METH_VARARGS, "Every character's loose box; the indices whose call failed."},
    {"origins", origins, METH_VARARGS, "The listed characters' pen positions; the positions whose call failed."},
    {"made_up", made_up, METH_VARARGS, "The positions of the listed characters that PDFium made up."},
    {"object_types", object_types, METH_VARARGS, "Each page object's type, a byte each."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_loop", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfium_loop(void) { return PyModule_Create(&module); }
